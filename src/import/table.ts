/**
 * A spreadsheet as plain data, whatever file it came from: the header row and
 * the data rows, each with its row number as the spreadsheet shows it (the
 * header is row 1), so that every problem can name the row a person sees.
 */
export interface Table {
  headers: string[];
  rows: TableRow[];
  /** How the bytes were read: `utf-8`, `utf-8 (BOM)`, `gb18030` or `xlsx`. */
  encoding: string;
}
export interface TableRow {
  row: number;
  cells: string[];
}

/**
 * Decodes a CSV file's bytes. UTF-8 (with or without the BOM Excel needs to open
 * it) is read as is; bytes that are not valid UTF-8 are read as GB 18030, a
 * superset of GBK, which is what Excel on Chinese Windows writes for “CSV”.
 */
export function decodeCsvBytes(bytes: Uint8Array): { text: string; encoding: string } {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bom ? bytes.subarray(3) : bytes);
    return { text, encoding: bom ? 'utf-8 (BOM)' : 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/**
 * Parses CSV (RFC 4180: quoted fields may hold commas, quotes doubled, line
 * breaks; CRLF or LF) into a Table. Blank lines are skipped, their row numbers kept.
 * @example parseCsv('姓名,性别\n张三,男\n').rows[0] // { row: 2, cells: ['张三', '男'] }
 */
export function parseCsv(text: string, encoding = 'utf-8'): Table {
  const records: TableRow[] = [];
  let field = '';
  let cells: string[] = [];
  let recordNo = 0; // every record counts, blank ones too, as rows do in a spreadsheet
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    cells.push(field);
    recordNo++;
    if (cells.length > 1 || cells[0]!.trim() !== '') records.push({ row: recordNo, cells });
    cells = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      cells.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else field += ch;
  }
  if (field !== '' || cells.length > 0) endRecord();
  const [head, ...rows] = records;
  return {
    headers: (head?.cells ?? []).map((h) => h.trim()),
    rows,
    encoding,
  };
}

/**
 * One CSV field for a file people open in a spreadsheet: a value starting with
 * = + - @ (or a tab or CR) gets a leading `'`, so Excel and WPS show it as text
 * instead of running it as a formula (CSV injection, OWASP); quoted when it
 * holds a comma, quote or line break (RFC 4180). Every CSV we write goes through it.
 * @example csvField('=1+1') // "'=1+1"
 */
export function csvField(value: string): string {
  // A plain negative number (a balance difference, -3) is no formula: it stays a number.
  const formula = /^[=+\-@\t\r]/.test(value) && !/^-\d+(\.\d+)?$/.test(value);
  const safe = formula ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Writes rows as CSV for Excel: UTF-8 with a BOM, CRLF, each field by csvField. */
export function toCsv(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return `\ufeff${[headers, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}
