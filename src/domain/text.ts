/**
 * Text that people type and others read: names, reasons, places, token and
 * account names. It is signed into credentials, shown on pages and printed by
 * the CLI, so it may not carry characters that are invisible or that change
 * how the text around them is shown: Unicode control characters (Cc: NUL, ESC,
 * newlines, terminal escapes), format characters (Cf: zero-width spaces and
 * joiners, soft hyphens, the bidi embeddings, overrides and isolates U+202A-E,
 * U+2066-9, the marks U+200E/F and U+061C), line and paragraph separators
 * (U+2028/9) and lone surrogates. One rule for the CLI, HTTP and imports.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

/** The first character `text` may not contain, as `U+XXXX`, or undefined when it is clean. */
export function unsafeCharIn(text: string): string | undefined {
  const m = UNSAFE.exec(text);
  if (!m) return undefined;
  return `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The message for a refused character, naming the field and the code point. */
export const unsafeCharMessage = (field: string, char: string) =>
  `${field} may not contain control, format or bidi characters (${char})`;
