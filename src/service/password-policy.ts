import { PmcError, type PasswordReason } from '../errors.ts';

/**
 * The password policy, one function for account creation and password
 * change (OWASP ASVS 4.0 §2.1, NIST SP 800-63B §5.1.1.2): length, not
 * composition rules. A password
 * - has 10 to 200 characters (code points; 200 caps the KDF input) — ASVS 2.1.1/2.1.2;
 * - does not contain the user name (nor, when given, the display name) — 800-63B "context-specific words";
 * - is not one character or one short pattern repeated (`aaaaaaaaaa`, `abcabcabca`)
 *   nor a run along the keyboard or the alphabet (`1234567890`, `qwertyuiop`);
 * - is not on the list of common passwords below, nor one of its words with
 *   digits and punctuation around it (`password2024!`) — ASVS 2.1.7.
 * The list is the commonest passwords of the public breach corpora (the
 * English and the Chinese ones: 123456789, woaini1314, 5201314 …), not a
 * full breach set: a server that must not call out cannot ask an online
 * breach service, and a multi-megabyte list would go into every Worker.
 *
 * Throws INVALID_INPUT on field `password` with a `reason` (titles in both
 * languages in src/i18n/messages.ts): PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG,
 * PASSWORD_HAS_USERNAME, PASSWORD_REPETITIVE, PASSWORD_COMMON.
 * @example checkPasswordPolicy('correct horse battery staple', { username: 'li.secretary' });
 */
export function checkPasswordPolicy(
  password: string,
  context: { username: string; displayName?: string | undefined },
  field = 'password',
): void {
  const refuse = (reason: PasswordReason, message: string): never => {
    throw new PmcError('INVALID_INPUT', `${field}: ${message}`, { field, reason });
  };
  const length = [...password].length;
  if (length < MIN_LENGTH) refuse('PASSWORD_TOO_SHORT', `at least ${MIN_LENGTH} characters`);
  if (length > MAX_LENGTH) refuse('PASSWORD_TOO_LONG', `at most ${MAX_LENGTH} characters`);
  const folded = fold(password);
  for (const word of [context.username, context.displayName]) {
    const w = word ? fold(word) : '';
    // Short names (3 letters) would refuse half the dictionary; 4 and up is a real name.
    if (w.length >= 4 && folded.includes(w))
      refuse('PASSWORD_HAS_USERNAME', 'must not contain the user name');
    // The user name's own parts (li.secretary → secretary) count too.
    for (const part of w.split(/[._@-]+/))
      if (part.length >= 5 && folded.includes(part))
        refuse('PASSWORD_HAS_USERNAME', 'must not contain the user name');
  }
  if (repetitive(folded)) refuse('PASSWORD_REPETITIVE', 'must not be a repeated pattern or a run');
  const core = folded.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  if (COMMON.has(folded) || (core.length >= 3 && COMMON_WORDS.has(core)))
    refuse('PASSWORD_COMMON', 'is one of the commonest passwords');
}

export const MIN_LENGTH = 10;
export const MAX_LENGTH = 200;

const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

const RUNS = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** One unit of up to 4 characters repeated, or mostly a run along a row, the digits or the alphabet. */
function repetitive(s: string): boolean {
  const cs = [...s.replace(/ /g, '')];
  for (let unit = 1; unit <= 4; unit++) {
    if (cs.length < unit * 2) break;
    if (cs.every((c, i) => c === cs[i % unit])) return true;
  }
  // A run forwards or backwards covering all of it (1234567890, 0987654321, qwertyuiop…).
  const joined = cs.join('');
  for (const run of RUNS) {
    const both = run + run + [...run].reverse().join('') + [...run].reverse().join('');
    if (both.includes(joined)) return true;
  }
  return false;
}

/** Whole passwords of 10+ characters seen most often in breach corpora. */
const COMMON = new Set([
  '1234567890',
  '0123456789',
  '12345678910',
  '123456789a',
  'a123456789',
  'aa123456789',
  'qq123456789',
  '1234567890a',
  'abc1234567',
  'abcd123456',
  'abcde12345',
  '1q2w3e4r5t',
  '1q2w3e4r5t6y',
  'q1w2e3r4t5',
  '1qaz2wsx3edc',
  '1qaz2wsx3edc4rfv',
  'qazwsxedcrfv',
  'zaq12wsxcde3',
  'qwerty123456',
  'qwertyuiop123',
  'qwerty12345',
  'asdfghjkl123',
  'zxcvbnm123',
  'password12',
  'password123',
  'password1234',
  'passw0rd123',
  'p@ssw0rd123',
  'iloveyou123',
  'iloveyou12',
  'woaini1314',
  'woaini520520',
  'woaini123456',
  'wo5201314',
  '5201314520',
  '1314520520',
  '5201314a',
  'a5201314520',
  '147258369a',
  '1472583690',
  '147258369258',
  '159357456852',
  '1597534862',
  '7894561230',
  '9876543210',
  '1111111111a',
  '11223344556677',
  '112233445566',
  '123123123123',
  '123321123321',
  '1234512345',
  '1234554321',
  '1234567899',
  '12345678900',
  '123456789q',
  '123456789z',
  '123456asdf',
  '123qweasdzxc',
  'qweasdzxc123',
  'qweasdzxc',
  'zxcasdqwe123',
  '1q2w3e4r',
  'admin12345',
  'admin123456',
  'administrator',
  'changeme123',
  'letmein123',
  'welcome123',
  'welcome1234',
  'football123',
  'baseball123',
  'princess123',
  'sunshine123',
  'superman123',
  'starwars123',
  'computer123',
  'internet123',
  'trustno1trustno1',
  'qwertyqwerty',
  'abc123abc123',
  'zhang123456',
  'wang123456',
  'li123456789',
  'liu123456789',
  'chen123456',
  'aini1314520',
  'xiaoming123',
  'dangyuan123',
  'zhonghua123',
  'china123456',
  'beijing2008',
  'gongchandang',
  'dangyuan2024',
]);

/** Words whose only variation is digits and symbols around them (`Password2024!`, `!!iloveyou`). */
const COMMON_WORDS = new Set([
  'password',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'qwerty',
  'qwertyuiop',
  'asdfgh',
  'asdfghjkl',
  'zxcvbnm',
  'qazwsx',
  'iloveyou',
  'woaini',
  'admin',
  'administrator',
  'welcome',
  'letmein',
  'changeme',
  'monkey',
  'dragon',
  'master',
  'shadow',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'superman',
  'batman',
  'starwars',
  'computer',
  'internet',
  'secret',
  'whatever',
  'trustno',
  'freedom',
  'michael',
  'jennifer',
  'charlie',
  'jordan',
  'hunter',
  'killer',
  'abc',
  'abcd',
  'abcde',
  'abcdef',
  'qwer',
  'qwe',
  'asdf',
  'zxc',
  'aaaa',
  'test',
  'guest',
  'root',
  'user',
  'login',
  'china',
  'beijing',
  'shanghai',
  'zhongguo',
  'dangyuan',
  'gongchandang',
  'pmcert',
]);
