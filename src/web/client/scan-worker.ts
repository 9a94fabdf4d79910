/**
 * The scan page's decoder, in a Web Worker so the camera preview never stalls:
 * zxing-wasm's reader (its .wasm self-hosted under /assets/app, URL passed in
 * `init`). Messages: {type:'init', wasmUrl} → {type:'ready'};
 * {type:'frame', id, image: ImageData | Blob} → {type:'result', id, text | null, ms}.
 */
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

export type ToWorker =
  { type: 'init'; wasmUrl: string } | { type: 'frame'; id: number; image: ImageData | Blob };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'error'; message: string }
  | { type: 'result'; id: number; text: string | null; ms: number };

const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);
let ready: Promise<unknown> | undefined;

self.onmessage = async (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  try {
    if (msg.type === 'init') {
      ready = prepareZXingModule({
        overrides: {
          locateFile: (path: string, prefix: string) =>
            path.endsWith('.wasm') ? msg.wasmUrl : prefix + path,
        },
        fireImmediately: true,
      });
      await ready;
      post({ type: 'ready' });
      return;
    }
    await ready;
    const t0 = performance.now();
    const results = await readBarcodes(msg.image, {
      formats: ['QRCode'],
      tryHarder: true,
      maxNumberOfSymbols: 1,
    });
    const hit = results.find((r) => r.isValid && r.text);
    post({ type: 'result', id: msg.id, text: hit ? hit.text : null, ms: performance.now() - t0 });
  } catch (err) {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
