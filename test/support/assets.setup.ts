import { loadAssetManifestFromDisk } from '../../src/runtime/assets-node.ts';

// Pages rendered through createApp in tests find their hashed asset URLs (built by assets.global.ts).
loadAssetManifestFromDisk();
