/** The one CSV field writer (formula-injection guard, RFC 4180 quoting), for the pages' CSV downloads. */
export { csvField } from '../import/table.ts';
