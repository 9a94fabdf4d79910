/**
 * What one QR PNG costs to render (a typical credential link), per scale,
 * and a repeat of the same credential through the route's cache. Printed,
 * never asserted. Run: node --import tsx bench/qr-png.ts [renders per scale, default 10]
 */
import { cachedQrPng, renderQrPng } from '../src/service/qr.ts';

const N = Number(process.argv[2] ?? 10);
const text = `https://pmc.example.cn/v#${'eyJhbGciOiJFZERTQSIsInR5cCI6InBtYytqd3QifQ.'}${'x'.repeat(560)}`;
for (const scale of [6, 10, 20]) {
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await renderQrPng(`${text}${i}`, scale);
  console.log(
    `render scale ${String(scale).padStart(2)}: ${((performance.now() - t0) / N).toFixed(1)} ms`,
  );
}
await cachedQrPng(text, 10);
const t1 = performance.now();
for (let i = 0; i < N * 100; i++) await cachedQrPng(text, 10);
console.log(`cached scale 10: ${((performance.now() - t1) / (N * 100)).toFixed(3)} ms`);
