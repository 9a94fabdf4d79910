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

/** PNG bytes; `scale` pixels per module. */
export async function renderQrPng(text: string, scale = 6): Promise<Uint8Array> {
  const url = await QRCode.toDataURL(segments(text), { ...OPTIONS, type: 'image/png', scale });
  return Uint8Array.from(atob(url.slice(url.indexOf(',') + 1)), (c) => c.charCodeAt(0));
}
