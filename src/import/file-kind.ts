/**
 * Whether an uploaded file can be a roster at all, before reading it: an
 * empty file, Excel's old binary .xls (what an old Windows PC saves unless
 * told otherwise), a picture or a PDF are named as such instead of being
 * read as garbled CSV and reported as "missing columns".
 */
export type FileRefusal = 'EMPTY' | 'OLD_XLS' | 'NOT_A_TABLE';

const TABLE_EXTENSIONS = new Set(['csv', 'txt', 'xlsx']);

/** @example fileRefusal('花名册.xls', bytes) // 'OLD_XLS' */
export function fileRefusal(name: string, bytes: Uint8Array): FileRefusal | undefined {
  if (bytes.length === 0) return 'EMPTY';
  // OLE2 compound file: D0 CF 11 E0 A1 B1 1A E1 (.xls, .doc, .et of WPS).
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)
    return 'OLD_XLS';
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (ext === 'xls') return 'OLD_XLS';
  if (ext !== '' && !TABLE_EXTENSIONS.has(ext)) return 'NOT_A_TABLE';
  if (zip) return ext === 'csv' || ext === 'txt' ? 'NOT_A_TABLE' : undefined;
  // Text has no NUL byte (UTF-8 and GB 18030 alike); a picture or a PDF's body does.
  if (bytes.subarray(0, 4096).includes(0)) return 'NOT_A_TABLE';
  return undefined;
}
