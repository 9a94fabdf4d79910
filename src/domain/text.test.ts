import { describe, expect, it } from 'vitest';
import { unsafeCharIn } from './text.ts';

describe('unsafeCharIn', () => {
  it('names the first control, format, bidi or separator character', () => {
    expect(unsafeCharIn('张\u202e三')).toBe('U+202E');
    expect(unsafeCharIn('a\u2067b')).toBe('U+2067');
    expect(unsafeCharIn('a\u200bb\u0007')).toBe('U+200B');
    expect(unsafeCharIn('x\u00ady')).toBe('U+00AD');
    expect(unsafeCharIn('x\ty')).toBe('U+0009');
    expect(unsafeCharIn('x\u2029y')).toBe('U+2029');
    expect(unsafeCharIn('x\ud800y')).toBe('U+D800');
    expect(unsafeCharIn('\u061c')).toBe('U+061C');
  });
  it('passes ordinary text in any script', () => {
    for (const s of ['阿依古丽·买买提', 'José Müller', '第一中学党支部 (二)', 'O’Brien', '👍'])
      expect(unsafeCharIn(s), s).toBeUndefined();
  });
});
