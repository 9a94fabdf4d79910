/** The dues table as XLSX: the same reader and writer as the 党费 page (src/service/dues-xlsx.ts). */
export { duesXlsx, rowsFromXlsx } from '../service/dues-xlsx.ts';
