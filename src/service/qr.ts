import QRCode from 'qrcode';

/** The QR text: `<PUBLIC_URL>/v#<credential>`; the fragment keeps the token out of server logs. */
export const qrText = (publicUrl: string, credential: string): string =>
  `${publicUrl.replace(/\/+$/, '')}/v#${credential}`;

// Byte mode as one segment (not qrcode's mixed-mode optimisation), ECC level M, per DESIGN §4.
const segments = (text: string) => [
  { data: new TextEncoder().encode(text), mode: 'byte' as const },
];
const OPTIONS = { errorCorrectionLevel: 'M' as const, margin: 4 };

/** The QR symbol's version (1–40) for this text. */
export const qrVersion = (text: string): number => QRCode.create(segments(text), OPTIONS).version;

export const renderQrSvg = (text: string): Promise<string> =>
  QRCode.toString(segments(text), { ...OPTIONS, type: 'svg' });

/** Largest PNG scale served: 10 px per module is ~850 px for a version-15 code (print takes the SVG). */
export const MAX_PNG_SCALE = 10;

const pngCache = new Map<string, Promise<Uint8Array>>();
const PNG_CACHE_SIZE = 256;

/**
 * The PNG of `text` at `scale`, rendered once per (credential, scale) and kept
 * for the next request (least recently used out beyond 256): rendering costs
 * tens of milliseconds of the event loop, and a member's page asks for the
 * same code again and again until the credential changes (a new credential is
 * a new text, so nothing stale is ever served).
 */
export function cachedQrPng(text: string, scale: number): Promise<Uint8Array> {
  const key = `${scale}:${text}`;
  let png = pngCache.get(key);
  if (png) {
    pngCache.delete(key);
  } else {
    png = renderQrPng(text, scale);
    png.catch(() => pngCache.delete(key));
    if (pngCache.size >= PNG_CACHE_SIZE) pngCache.delete(pngCache.keys().next().value!);
  }
  pngCache.set(key, png);
  return png;
}

/** PNG bytes; `scale` pixels per module. */
export async function renderQrPng(text: string, scale = 6): Promise<Uint8Array> {
  const url = await QRCode.toDataURL(segments(text), { ...OPTIONS, type: 'image/png', scale });
  return Uint8Array.from(atob(url.slice(url.indexOf(',') + 1)), (c) => c.charCodeAt(0));
}
