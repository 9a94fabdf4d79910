/**
 * Dates and times as the pages show them: China Standard Time (UTC+8, no
 * daylight saving), ISO order, which reads the same in both languages.
 */
const CST = 8 * 3600;

const iso = (seconds: number) => new Date((seconds + CST) * 1000).toISOString();

/** `2026-03-01` */
export const fmtDate = (seconds: number): string => iso(seconds).slice(0, 10);

/** `2026-03-01 16:00` */
export const fmtTime = (seconds: number): string => iso(seconds).slice(0, 16).replace('T', ' ');

export const secondsOf = (d: Date | string): number =>
  Math.floor((typeof d === 'string' ? Date.parse(d) : d.getTime()) / 1000);

/** A dues month as people write it: `2026年3月` in Chinese (the paper letter's "党费已交到 X年X月"), `2026-03` in English. */
export const fmtMonth = (month: string, lang: 'zh' | 'en'): string => {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m && lang === 'zh' ? `${m[1]}年${Number(m[2])}月` : month;
};
