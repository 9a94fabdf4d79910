/**
 * The browser side, measured (printed, never asserted):
 * - compressed JavaScript each page ships (target < 150 kB gz) and the decoder's .wasm (target < 1 MB raw);
 * - decode rate over generated frames (dense QR, rotation, blur, low contrast, noise): zxing-wasm vs jsQR.
 * The camera-start → decoded time is measured in the real browser by test/e2e/scan.test.ts
 * (written to test/e2e/artifacts/scan-timings.txt).
 * @example npm run build:assets && npm run bench:client
 */
import jsQR from 'jsqr';
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import QRCode from 'qrcode';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

const root = new URL('../', import.meta.url);
const manifest = JSON.parse(
  readFileSync(new URL('public/assets/app/manifest.json', root), 'utf8'),
) as Record<string, string>;
const file = (logical: string) => new URL(`public${manifest[logical]}`, root);
const gz = (logical: string) => gzipSync(readFileSync(file(logical)), { level: 9 }).byteLength;
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;

console.log('== JavaScript per page (gzip -9)');
const pages: Record<string, string[]> = {
  '/v (verify)': ['verify.js', 'v-sw.js'],
  '/scan (scan)': ['scan.js', 'scan-worker.js'],
};
for (const [page, files] of Object.entries(pages)) {
  const total = files.reduce((s, f) => s + gz(f), 0);
  console.log(
    `${page.padEnd(14)} ${kb(total).padStart(9)}  (${files.map((f) => `${f} ${kb(gz(f))}`).join(', ')})  target < 150 kB`,
  );
}
const wasm = statSync(file('zxing_reader.wasm')).size;
console.log(
  `zxing_reader.wasm ${kb(wasm)} raw, ${kb(gz('zxing_reader.wasm'))} gz  target < 1 MB raw`,
);

// The same .wasm the page loads, from disk (the default would fetch it from a CDN).
const wasmBinary = readFileSync(file('zxing_reader.wasm'));
await prepareZXingModule({
  overrides: {
    wasmBinary: wasmBinary.buffer.slice(
      wasmBinary.byteOffset,
      wasmBinary.byteOffset + wasmBinary.byteLength,
    ) as ArrayBuffer,
  },
  fireImmediately: true,
});

// --- decode rate ---------------------------------------------------------------------------
type Img = { data: Uint8ClampedArray; width: number; height: number };

function render(text: string, scale: number, margin = 4): Img {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const size = (n + 2 * margin) * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++)
      if (qr.modules.get(y, x))
        for (let dy = 0; dy < scale; dy++)
          for (let dx = 0; dx < scale; dx++) {
            const i = (((y + margin) * scale + dy) * size + (x + margin) * scale + dx) * 4;
            data[i] = data[i + 1] = data[i + 2] = 0;
          }
  return { data, width: size, height: size };
}

function map(img: Img, f: (x: number, y: number) => number): Img {
  const out = new Uint8ClampedArray(img.data.length);
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const v = f(x, y);
      const i = (y * img.width + x) * 4;
      out[i] = out[i + 1] = out[i + 2] = v;
      out[i + 3] = 255;
    }
  return { ...img, data: out };
}
const at = (img: Img, x: number, y: number) =>
  x < 0 || y < 0 || x >= img.width || y >= img.height ? 255 : img.data[(y * img.width + x) * 4]!;
function rotate(img: Img, deg: number): Img {
  const r = (deg * Math.PI) / 180;
  const [c, s, cx, cy] = [Math.cos(r), Math.sin(r), img.width / 2, img.height / 2];
  return map(img, (x, y) =>
    at(
      img,
      Math.round(c * (x - cx) + s * (y - cy) + cx),
      Math.round(-s * (x - cx) + c * (y - cy) + cy),
    ),
  );
}
function blur(img: Img, k: number): Img {
  return map(img, (x, y) => {
    let sum = 0;
    for (let dy = -k; dy <= k; dy++)
      for (let dx = -k; dx <= k; dx++) sum += at(img, x + dx, y + dy);
    return sum / (2 * k + 1) ** 2;
  });
}
const contrast = (img: Img, lo: number, hi: number) =>
  map(img, (x, y) => lo + (at(img, x, y) / 255) * (hi - lo));
let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const noise = (img: Img, amp: number) =>
  map(img, (x, y) => at(img, x, y) + (rand() - 0.5) * 2 * amp);

// A credential-sized payload: the QR link of a real credential is ~430 characters (version 15-16).
const payload = `https://pmc.example.cn/v#${'eyJhbGciOiJFZERTQSIsInR5cCI6InBtYytqd3QifQ'}.${'A'.repeat(300)}.${'B'.repeat(86)}`;
const base = render(payload, 3);
// Rotated frames need room around the code, or the corners (finder patterns) fall off the frame.
const roomy = render(payload, 3, 16);
const cases: [string, () => Img][] = [
  ['dense, scale 3', () => base],
  ['dense, scale 2', () => render(payload, 2)],
  ['rotated 10°', () => rotate(roomy, 10)],
  ['rotated 30°', () => rotate(roomy, 30)],
  ['rotated 45°', () => rotate(roomy, 45)],
  ['blur r=1', () => blur(base, 1)],
  ['blur r=2', () => blur(base, 2)],
  ['low contrast 100-160', () => contrast(base, 100, 160)],
  ['low contrast 120-150', () => contrast(base, 120, 150)],
  ['noise ±60', () => noise(base, 60)],
  ['noise ±100', () => noise(base, 100)],
  ['rotated 20° + blur + low contrast', () => contrast(blur(rotate(roomy, 20), 1), 90, 170)],
];
console.log(
  `\n== decode rate (payload ${payload.length} chars, QR version ${QRCode.create(payload, { errorCorrectionLevel: 'M' }).version})`,
);
let [zx, js] = [0, 0];
for (const [name, make] of cases) {
  const img = make();
  const t0 = performance.now();
  const z =
    (await readBarcodes(img as unknown as ImageData, { formats: ['QRCode'], tryHarder: true }))[0]
      ?.text === payload;
  const t1 = performance.now();
  const j = jsQR(img.data, img.width, img.height)?.data === payload;
  const t2 = performance.now();
  zx += z ? 1 : 0;
  js += j ? 1 : 0;
  console.log(
    `${name.padEnd(36)} zxing-wasm ${z ? 'ok  ' : 'FAIL'} ${(t1 - t0).toFixed(0).padStart(4)} ms   jsQR ${j ? 'ok  ' : 'FAIL'} ${(t2 - t1).toFixed(0).padStart(4)} ms`,
  );
}
console.log(`zxing-wasm ${zx}/${cases.length}, jsQR ${js}/${cases.length}`);
