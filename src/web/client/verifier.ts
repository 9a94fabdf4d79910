/**
 * Ed25519 in the browser: WebCrypto where it has Ed25519 (Chromium 137+,
 * Safari 17+, Firefox 129+, secure contexts only), else @noble/ed25519 — a
 * maintained, audited pure-JS implementation — for older Android WebViews.
 * `engine()` says which one answered, for the page and its tests.
 */
import * as ed from '@noble/ed25519';
import { fromB64u } from '../../crypto/bytes.ts';
import type { SignatureVerifier } from '../../crypto/jws.ts';

type Engine = 'webcrypto' | 'noble';

export function browserVerifier(): SignatureVerifier & { engine(): Engine | undefined } {
  let engine: Engine | undefined;
  const keys = new Map<string, Promise<CryptoKey>>();
  const webcrypto = async (x: string, sig: Uint8Array, msg: Uint8Array): Promise<boolean> => {
    let key = keys.get(x);
    if (!key) {
      key = crypto.subtle.importKey(
        'raw',
        fromB64u(x) as Uint8Array<ArrayBuffer>,
        { name: 'Ed25519' },
        false,
        ['verify'],
      );
      keys.set(x, key);
    }
    return crypto.subtle.verify(
      { name: 'Ed25519' },
      await key,
      sig as Uint8Array<ArrayBuffer>,
      msg as Uint8Array<ArrayBuffer>,
    );
  };
  return {
    engine: () => engine,
    async verify(_jws, d, jwk) {
      if (engine !== 'noble' && typeof crypto !== 'undefined' && crypto.subtle) {
        try {
          const ok = await webcrypto(jwk.x, d.signature, d.signingInput);
          engine = 'webcrypto';
          return ok;
        } catch {
          // NotSupportedError (no Ed25519 here): the pure-JS verifier from now on.
          keys.delete(jwk.x);
        }
      }
      engine = 'noble';
      try {
        return await ed.verifyAsync(d.signature, d.signingInput, fromB64u(jwk.x));
      } catch {
        return false;
      }
    },
  };
}
