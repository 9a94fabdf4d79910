import { describe, expect, it } from 'vitest';
import { fileRefusal } from '../../src/import/file-kind.ts';

const bytes = (...b: number[]) => new Uint8Array(b);
const text = (s: string) => new TextEncoder().encode(s);

/** What the import page refuses before reading a single row (src/import/file-kind.ts). */
describe('fileRefusal', () => {
  it.each([
    ['empty', '花名册.csv', bytes(), 'EMPTY'],
    ['old Excel by its bytes', 'roster', bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1), 'OLD_XLS'],
    ['old Excel by its name', '花名册.xls', text('姓名'), 'OLD_XLS'],
    ['a PDF', 'scan.pdf', text('%PDF-1.4'), 'NOT_A_TABLE'],
    ['a picture named .csv', 'photo.csv', bytes(0x89, 0x50, 0x4e, 0x47, 0, 0), 'NOT_A_TABLE'],
    ['a ZIP named .csv', 'x.csv', bytes(0x50, 0x4b, 0x03, 0x04), 'NOT_A_TABLE'],
    ['a CSV', '花名册.CSV', text('姓名,性别\r\n'), undefined],
    ['a GBK CSV without a name', 'roster', bytes(0xd0, 0xd5, 0xc3, 0xfb), undefined],
    ['an XLSX', '花名册.xlsx', bytes(0x50, 0x4b, 0x03, 0x04, 0x14), undefined],
  ])('%s', (_, name, b, want) => {
    expect(fileRefusal(name, b)).toBe(want);
  });
});
