/**
 * User-facing text in Chinese (default) and English. Domain words stay
 * Chinese-exact (转出签注 = transfer_out); codes stay English in code.
 */
import type { VerifyCode } from '../crypto/verify-result.ts';
import type { DuesRowReason } from '../domain/dues-record.ts';
import type { FilingReason, RuleReason } from '../domain/reasons.ts';
import type { EntryKind } from '../domain/types.ts';
import type {
  AuthReason,
  ErrorCode,
  HttpReason,
  OrgReason,
  PasswordReason,
  PmcError,
  Reason,
} from '../errors.ts';

export type Lang = 'zh' | 'en';
export type Text = { zh: string; en: string };

/**
 * Each error code's title, and each reason of the HTTP layer, authentication
 * and the password policy: typed by the unions in src/errors.ts, so a code or
 * reason added there without its title here does not compile.
 */
export const ERROR_TITLES: Record<
  | ErrorCode
  | 'INTERNAL'
  | HttpReason
  | AuthReason
  | PasswordReason
  | OrgReason
  | 'INVALID_ROWS'
  | 'STALE_CREDENTIAL',
  Text
> = {
  INVALID_ROWS: { zh: '表格中有错误的行，未记录任何内容', en: 'Rows refused; nothing recorded' },
  INVALID_INPUT: { zh: '输入有误', en: 'Invalid input' },
  NOT_FOUND: { zh: '未找到', en: 'Not found' },
  RULE_VIOLATION: { zh: '不符合党员管理规定', en: 'Refused by a ledger rule' },
  NOT_AUTHORISED: { zh: '无权办理', en: 'Not authorised' },
  LEDGER_CONFLICT: { zh: '已有更新的状态，请重新扫码', en: 'A newer state exists; scan again' },
  IDEMPOTENCY_MISMATCH: {
    zh: '幂等键已用于另一请求',
    en: 'Idempotency key reused for another request',
  },
  KEY_UNAVAILABLE: { zh: '签名密钥不可用', en: 'Signing key unavailable' },
  LOG_INTEGRITY: {
    zh: '透明日志数据不完整，已停止签发（请运行 pmcert fsck）',
    en: 'The transparency log does not add up; signing stopped (run pmcert fsck)',
  },
  INTERNAL: { zh: '内部错误', en: 'Internal error' },
  UNAUTHENTICATED: { zh: '请先登录', en: 'Authentication required' },
  RATE_LIMITED: { zh: '尝试次数过多，请稍后再试', en: 'Too many attempts; try again later' },
  DATABASE_UNAVAILABLE: {
    zh: '数据库暂时不可用，请稍后重试',
    en: 'The database is temporarily unavailable; try again shortly',
  },
  // HTTP-only reasons (src/http/problem.ts)
  BAD_REQUEST: { zh: '请求格式有误', en: 'Bad request' },
  MALFORMED_JSON: { zh: '请求体不是有效的 JSON', en: 'Malformed JSON' },
  UNSUPPORTED_MEDIA_TYPE: { zh: '请求体须为 JSON', en: 'Request body must be JSON' },
  PAYLOAD_TOO_LARGE: { zh: '请求体过大', en: 'Request body too large' },
  CSRF: { zh: '缺少或错误的 CSRF 令牌', en: 'Missing or wrong CSRF token' },
  PASSWORD_CHANGE_REQUIRED: { zh: '请先修改初始密码', en: 'Change the generated password first' },
  ORIGIN: { zh: '请求来源不被允许', en: 'Request origin not allowed' },
  NO_ROUTE: { zh: '没有这个地址', en: 'No such route' },
  STALE_CREDENTIAL: { zh: '已有更新的状态，请重新扫码', en: 'A newer state exists; scan again' },
  BAD_CREDENTIALS: { zh: '用户名或密码错误', en: 'Wrong user name or password' },
  SESSION_EXPIRED: { zh: '登录已过期，请重新登录', en: 'Session expired; log in again' },
  SESSION_ENDED: { zh: '已退出登录', en: 'Logged out' },
  SESSION_INVALID: { zh: '登录凭据无效', en: 'Invalid session' },
  TOKEN_INVALID: { zh: 'API 令牌无效', en: 'Invalid API token' },
  TOKEN_REVOKED: { zh: 'API 令牌已吊销', en: 'API token revoked' },
  TOKEN_EXPIRED: { zh: 'API 令牌已过期', en: 'API token expired' },
  ACCOUNT_DISABLED: { zh: '账户已停用', en: 'Account disabled' },
  NO_CREDENTIALS: { zh: '请先登录', en: 'Authentication required' },
  BUSY: { zh: '服务器繁忙，请稍后再试', en: 'Server busy; try again shortly' },
  // organisation tree changes (src/service/org-changes.ts)
  ORG_EXISTS: { zh: '组织编码已被使用', en: 'Organisation id already taken' },
  ORG_CYCLE: {
    zh: '不能移到自身或其下级组织之下',
    en: 'A move under itself or its own descendant',
  },
  ORG_NOT_EMPTY: {
    zh: '组织内仍有党员、转入在途党员或下级组织，不能撤销',
    en: 'The organisation still has members, incoming members or child organisations',
  },
  ORG_DISSOLVED: { zh: '该组织已撤销', en: 'The organisation is dissolved' },
  ORG_HAS_CHILDREN: {
    zh: '组织仍有下级组织，须先撤销或调整隶属',
    en: 'The organisation still has child organisations: dissolve or move them first',
  },
  DESTINATION_INSIDE: {
    zh: '接收组织不能是被撤销的组织或其下级组织',
    en: 'The destination is the dissolved organisation or lies under it',
  },
  DESTINATION_TYPE: {
    zh: '接收组织须为党支部或党小组',
    en: 'The destination must be a 党支部 or 党小组',
  },
  MEMBERS_NOT_MOVABLE: {
    zh: '组织内有党员的组织关系不能转接，不能撤销',
    en: 'Some members cannot be transferred, so the organisation cannot be dissolved',
  },
  // password policy (src/service/password-policy.ts)
  PASSWORD_TOO_SHORT: {
    zh: '密码至少 10 个字符',
    en: 'Password too short (at least 10 characters)',
  },
  PASSWORD_TOO_LONG: {
    zh: '密码最多 200 个字符',
    en: 'Password too long (at most 200 characters)',
  },
  PASSWORD_HAS_USERNAME: {
    zh: '密码不得包含用户名',
    en: 'Password must not contain the user name',
  },
  PASSWORD_REPETITIVE: {
    zh: '密码不得是重复或连续的字符',
    en: 'Password must not be a repeated pattern or a run',
  },
  PASSWORD_COMMON: { zh: '密码过于常见，请换一个', en: 'Password too common; choose another' },
  PASSWORD_WRONG: { zh: '当前密码不正确', en: 'The current password is wrong' },
  PASSWORD_UNCHANGED: {
    zh: '新密码不能与当前密码相同',
    en: 'The new password is the current one',
  },
};

/** Why a ledger or filing rule refused (src/domain/reasons.ts): one missing does not compile. */
export const RULE_TITLES: Record<RuleReason | FilingReason, Text> = {
  NOT_ENROLLED: { zh: '尚未登记入党信息', en: 'Not enrolled' },
  ALREADY_ENROLLED: { zh: '已登记', en: 'Already enrolled' },
  MEMBER_CLOSED: { zh: '已出党或去世，只能更正', en: 'Member has left or died; only corrections' },
  MEMBER_STOPPED: {
    zh: '已停止党籍，须先恢复党籍',
    en: 'Membership stopped; restore it first',
  },
  NOT_STOPPED: { zh: '未停止党籍，无需恢复', en: 'Membership is not stopped' },
  IN_TRANSIT: { zh: '组织关系转出在途', en: 'Transfer in transit' },
  NOT_IN_TRANSIT: { zh: '没有在途的转出', en: 'No transfer in transit' },
  WRONG_DESTINATION: {
    zh: '报到组织与介绍信去向不符',
    en: 'Arrival at another org than the transfer names',
  },
  VALIDITY_OUT_OF_RANGE: { zh: '介绍信有效期超出范围', en: 'Letter validity out of range' },
  UNKNOWN_ORG: { zh: '组织不存在', en: 'Unknown organisation' },
  SAME_ORG: { zh: '不能转往本组织', en: 'Same organisation' },
  INCOMING_IN_TRANSIT: {
    zh: '正转入本组织（在途），须先报到或退回',
    en: 'In transit to this organisation: sign the arrival or the return first',
  },
  DESTINATION_DISSOLVED: {
    zh: '接收组织已撤销，不能转入',
    en: 'The destination organisation is dissolved',
  },
  TEMP_TOO_LONG: { zh: '党员证明信期限超过6个月', en: 'Temporary certificate longer than allowed' },
  TEMP_OPEN: { zh: '已有未签回的证明信', en: 'A temporary certificate is already out' },
  NO_OPEN_TEMP: { zh: '没有未签回的证明信', en: 'No temporary certificate out' },
  ALREADY_REGISTERED: { zh: '已作流动党员登记', en: 'Already registered there' },
  NOT_REGISTERED: { zh: '未作流动党员登记', en: 'Not registered there' },
  NOT_PROBATIONARY: { zh: '不是预备党员', en: 'Not a probationary member' },
  BAD_REFERENCE: { zh: '更正所指记录不存在', en: 'Correction refers to no entry' },
  DATE_IN_FUTURE: { zh: '日期晚于今天', en: 'Date in the future' },
  DATE_NOT_AFTER_TODAY: { zh: '截止日期须晚于今天', en: 'End date must be after today' },
  DATE_BEFORE_JOINED: { zh: '日期早于入党日期', en: 'Date before joining' },
  TIME_REVERSED: { zh: '记录时间早于上一条', en: 'Entry dated before the previous one' },
  BAD_SEQUENCE: { zh: '记录序号不连续', en: 'Entry out of sequence' },
  BROKEN_CHAIN: { zh: '记录链断裂', en: 'Broken chain' },
  WRONG_MEMBER: { zh: '记录不属于该党员', en: 'Entry about another member' },
  DAT_MISMATCH: { zh: '记录内容与规定推算的不符', en: 'Entry differs from what the rules derive' },
  // annual filings (src/domain/filing.ts FILING_REASONS)
  FILING_PENDING: {
    zh: '本年度报表已上报，正等待上级接收或退回',
    en: 'This year’s filing awaits the level above',
  },
  FILING_LOCKED: {
    zh: '报表已被上级接收，修改须先由上级退回',
    en: 'The filing is accepted; the level above must return it first',
  },
  CHILDREN_PENDING: {
    zh: '下级组织尚未全部上报并被接收（或免报）',
    en: 'Not every organisation below is filed and accepted (or exempted)',
  },
  UNEXPLAINED_DIFFERENCE: {
    zh: '实有年末数与应有年末数不符（差额不为零），须填写差额说明',
    en: 'The balance does not close: explain the difference',
  },
  OPENING_MISMATCH: {
    zh: '年初数与上年报出的年末数不一致，须填写说明',
    en: 'The opening is not last year’s filed closing: explain it',
  },
  LARGE_CHANGE: {
    zh: '党员数比上年变化较大，须填写说明',
    en: 'The membership changed a lot from last year: explain it',
  },
  NAME_LIST_REQUIRED: {
    zh: '恢复党籍、停止党籍或差额须附名单，人数须与表中一致',
    en: 'This count needs its name list, as many names as the count',
  },
  NOTHING_TO_REVIEW: {
    zh: '没有待接收或退回的报表',
    en: 'No filed version to accept or return',
  },
  REASON_REQUIRED: { zh: '须填写理由', en: 'A reason is required' },
  SUMS_DIFFER: {
    zh: '年末数不等于本级直属党员加下级已接收报表之和，须填写说明',
    en: 'The closing is not direct members plus the children’s accepted closings: explain it',
  },
  BEFORE_CUTOFF: {
    zh: '统计截止日之后才能上报本年度报表',
    en: 'The year can be filed only after its cut-off',
  },
};

/** Why a credential or bundle failed verification (src/crypto/verify-result.ts), and VALID. */
export const VERIFY_TITLES: Record<VerifyCode | 'VALID', Text> = {
  VALID: { zh: '验证通过', en: 'Valid' },
  MALFORMED: { zh: '格式错误', en: 'Malformed' },
  WRONG_TYP: { zh: '类型不符', en: 'Wrong type' },
  UNSUPPORTED_ALG: { zh: '不支持的签名算法', en: 'Unsupported algorithm' },
  BAD_SIGNATURE: { zh: '签名无效', en: 'Bad signature' },
  UNKNOWN_KEY: { zh: '未知密钥', en: 'Unknown key' },
  KEY_NOT_CERTIFIED: { zh: '密钥未经上级认证', en: 'Key not certified' },
  REVOKED_KEY: { zh: '密钥已吊销', en: 'Revoked key' },
  EXPIRED: { zh: '已过期', en: 'Expired' },
  BROKEN_CHAIN: { zh: '记录链断裂', en: 'Broken chain' },
  HEAD_MISMATCH: { zh: '凭证与最新记录不符', en: 'Head mismatch' },
  RULE_VIOLATION: { zh: '记录不符合规定', en: 'Rule violation' },
  UNTRUSTED_ROOT: { zh: '根密钥不受信任', en: 'Untrusted root' },
  BAD_CHECKPOINT: { zh: '日志检查点无效', en: 'Bad log checkpoint' },
  BAD_LOG_PROOF: { zh: '记录不在透明日志中', en: 'Entry not proven in the log' },
  BAD_DUES_SIGNATURE: {
    zh: '党费批次签名无效或非支部密钥',
    en: 'Dues batch not signed by the branch',
  },
  BAD_DUES_PROOF: { zh: '党费记录不在其批次中', en: 'Dues line not proven in its batch' },
  DUES_MISMATCH: { zh: '党费记录与党员档案不符', en: 'Dues line does not fit the record' },
  DUES_GAP: { zh: '党费交纳记录有缺月', en: 'Gap in the dues record' },
};

/** Why a row of a dues table was refused (src/domain/dues-record.ts DUES_ROW_REASONS). */
export const DUES_ROW_TITLES: Record<DuesRowReason, Text> = {
  NOT_MEMBER: { zh: '不是本组织党员', en: 'not a member of this organisation' },
  MEMBER_CLOSED: { zh: '已不是党员（出党或去世）', en: 'no longer a member' },
  BAD_MONTH: { zh: '月份应为 YYYY-MM', en: 'month must be YYYY-MM' },
  LATER_MONTH: { zh: '月份晚于本次记录的月份', en: 'month after the recorded month' },
  BACK_PAY_LIMIT: { zh: '超过可补交的月数', en: 'back-payment beyond the limit' },
  BAD_KIND: { zh: '交纳类别应为 在职、离退休、学生 或 低收入', en: 'unknown kind' },
  BAD_BASE: { zh: '月收入应为元，最多两位小数', en: 'income must be 元 with two decimals' },
  BASE_NEEDED: { zh: '缺少税后月收入', en: 'monthly income missing' },
  BAD_AMOUNT: { zh: '金额应为元，最多两位小数', en: 'amount must be 元 with two decimals' },
  DUPLICATE_ROW: { zh: '同一党员同一月份重复', en: 'the same member and month twice' },
  ALREADY_PAID: {
    zh: '该月已交，更正须填写更正行',
    en: 'month already paid: a correction names the line',
  },
  UNKNOWN_LINE: { zh: '更正行不存在', en: 'no such line to correct' },
  ALREADY_CORRECTED: { zh: '该行已被更正过', en: 'line already corrected' },
};

/**
 * The name of each entry kind (the registry's label keys, src/domain/kinds):
 * in a sentence (`en`, "arrival already signed by …") and as a page heading
 * or column (`enTitle`; src/i18n/web.ts derives its `kind.*` keys from here).
 * One missing does not compile.
 */
export const KIND_LABELS = {
  kind_enroll: { zh: '入党登记', en: 'enrolment', enTitle: 'Enrolment' },
  kind_transfer_out: { zh: '转出签注', en: 'transfer out', enTitle: 'Transfer out (转出签注)' },
  kind_arrival: { zh: '报到签注', en: 'arrival', enTitle: 'Arrival (报到签注)' },
  kind_transfer_return: {
    zh: '退回',
    en: 'transfer returned',
    enTitle: 'Transfer returned (退回)',
  },
  kind_temp_out: {
    zh: '证明信开具',
    en: 'temporary certificate issued',
    enTitle: 'Temporary certificate issued (证明信)',
  },
  kind_temp_return: {
    zh: '证明信签回',
    en: 'temporary certificate returned',
    enTitle: 'Temporary certificate returned',
  },
  kind_flow_register: {
    zh: '流动党员登记',
    en: 'flowing member registration',
    enTitle: 'Flowing member registration (流动党员)',
  },
  kind_status: { zh: '党籍状态变更', en: 'status change', enTitle: 'Status change' },
  kind_correction: { zh: '更正', en: 'correction', enTitle: 'Correction' },
} satisfies Record<`kind_${EntryKind}`, Text & { enTitle: string }>;

export const LABELS: Record<string, Text> = {
  status_normal: { zh: '正常', en: 'normal' },
  status_in_transit: { zh: '转出在途', en: 'in transit' },
  status_stopped: { zh: '停止党籍', en: 'membership stopped' },
  status_left: { zh: '出党', en: 'left' },
  status_deceased: { zh: '去世', en: 'deceased' },
  ...KIND_LABELS,
  category_full: { zh: '正式党员', en: 'full member' },
  category_probationary: { zh: '预备党员', en: 'probationary member' },
  error: { zh: '错误', en: 'error' },
  field: { zh: '字段', en: 'field' },
  valid: { zh: '有效', en: 'valid' },
  invalid: { zh: '无效', en: 'invalid' },
  member_id: { zh: '党员编号', en: 'member id' },
  name: { zh: '姓名', en: 'name' },
  org: { zh: '所在组织', en: 'organisation' },
  status: { zh: '状态', en: 'status' },
  entries: { zh: '签注记录', en: 'entries' },
  national_id: { zh: '身份证号', en: 'national ID' },
  category: { zh: '党员类别', en: 'category' },
  wrote: { zh: '已写入', en: 'wrote' },
  logged: {
    zh: '透明日志：全部记录已收录，检查点大小',
    en: 'transparency log: every entry included; checkpoint size',
  },
  not_logged: { zh: '透明日志：无检查点', en: 'transparency log: no checkpoint' },
  kek_warning: {
    zh: '警告：已在数据目录生成密钥加密密钥（仅供演示）。生产环境必须设置 PMC_KEK。',
    en: 'warning: generated a key-encryption key in the data dir (demo only). Production must set PMC_KEK.',
  },
  public_url_required: {
    zh: '错误：生产环境（NODE_ENV=production）必须设置 PMC_PUBLIC_URL（本系统对外的地址，如 https://pmc.example.cn）：二维码链接和允许的来源都由它决定。',
    en: 'error: a production server (NODE_ENV=production) needs PMC_PUBLIC_URL (the public address, e.g. https://pmc.example.cn): QR links and the allowed origin come from it.',
  },
};

/** Beijing time as officers read it: `2026-03-01 16:00`. */
const beijing = (iat: number): string =>
  new Date((iat + 8 * 3600) * 1000).toISOString().slice(0, 16).replace('T', ' ');

/**
 * What a stale credential missed, one entry: "已由 刑侦支队党支部 于 2026-03-01 16:00 签注报到"
 * / "arrival already signed by 刑侦支队党支部 at 2026-03-01 16:00 (UTC+8)".
 */
export function changedText(e: { knd: string; orgName: string; iat: number }): Text {
  const k = LABELS[`kind_${e.knd}`] ?? { zh: e.knd, en: e.knd };
  const at = beijing(e.iat);
  return {
    zh: `已由 ${e.orgName} 于 ${at} 签注${k.zh.replace(/签注$/, '')}`,
    en: `${k.en} already signed by ${e.orgName} at ${at} (UTC+8)`,
  };
}

/** Every reason's title, whichever table holds it (a rule's, then the request's, then a verification's). */
export const REASON_TITLES: Record<Reason, Text> = {
  ...VERIFY_TITLES,
  ...ERROR_TITLES,
  ...RULE_TITLES,
};

/** An error's titles: its reason's when it has one, else its code's. */
export const titlesOf = (err: Pick<PmcError, 'code' | 'reason'>): Text =>
  (err.reason && REASON_TITLES[err.reason]) || ERROR_TITLES[err.code] || ERROR_TITLES.INTERNAL;

/** A key's text in `lang`, or the key itself when the table has none (a code from outside). */
export function t(table: Readonly<Record<string, Text>>, key: string, lang: Lang): string {
  return table[key]?.[lang] ?? key;
}

export function langFrom(env: Record<string, string | undefined>): Lang {
  const v = (env.PMC_LANG ?? '').toLowerCase();
  return v.startsWith('en') ? 'en' : 'zh';
}

/** A line in the user's language: `say(lang, '中文', 'English')`. */
export const say = (lang: Lang, zh: string, en: string): string => (lang === 'zh' ? zh : en);

/**
 * Roster and org-tree import (src/import/): one text per problem, `{name}`
 * filled from the problem's values. A report line reads “第 {row} 行「{column}」：…”.
 */
export const IMPORT_TEXTS = {
  MISSING_COLUMN: { zh: '缺少必填列「{column}」', en: 'the required column “{column}” is missing' },
  REQUIRED: { zh: '必填，不能为空', en: 'required, may not be empty' },
  TOO_LONG: { zh: '不能超过 {max} 个字', en: 'at most {max} characters' },
  BAD_DATE: {
    zh: '「{value}」不是有效日期（应为 YYYY-MM-DD，或 YYYY/M/D、YYYY年M月D日）',
    en: '“{value}” is not a real date (YYYY-MM-DD, YYYY/M/D or YYYY年M月D日)',
  },
  DATE_IN_FUTURE: { zh: '{value} 晚于今天', en: '{value} is after today' },
  BAD_CHOICE: {
    zh: '「{value}」不是可选值（{choices}）',
    en: '“{value}” is not one of the allowed values ({choices})',
  },
  ID_LENGTH: {
    zh: '公民身份号码应为 18 位，此处为 {length} 位',
    en: 'a national ID has 18 characters, this one {length}',
  },
  ID_DIGITS: {
    zh: '公民身份号码前 17 位须为数字，第 18 位为数字或 X',
    en: 'a national ID is 17 digits and a digit or X',
  },
  ID_NUMBER_CELL: {
    zh: '公民身份号码被 Excel 存成了数字（已丢失末几位）：请把该列设为“文本”后重新录入',
    en: 'Excel stored the national ID as a number (its last digits are lost): format the column as text and enter it again',
  },
  ID_BIRTH: {
    zh: '公民身份号码中的出生日期 {value} 不是有效日期',
    en: 'the birth date {value} inside the national ID is not a real date',
  },
  ID_CHECKSUM: {
    zh: '公民身份号码校验码应为 {expected}，此处为 {actual}（GB 11643）',
    en: 'the check character should be {expected}, not {actual} (GB 11643)',
  },
  BIRTH_MISMATCH: {
    zh: '出生日期 {value} 与公民身份号码中的 {expected} 不一致',
    en: 'birth date {value} differs from {expected} in the national ID',
  },
  GENDER_MISMATCH: {
    zh: '性别「{value}」与公民身份号码（第 17 位）不一致，应为「{expected}」',
    en: 'gender “{value}” disagrees with the national ID (17th digit): {expected}',
  },
  JOINED_UNDER_18: {
    zh: '入党日期 {value} 时未满 18 周岁',
    en: 'on {value}, the joining date, the member was under 18',
  },
  DATE_BEFORE_JOINED: {
    zh: '转正日期 {value} 早于入党日期',
    en: 'full membership {value} precedes joining',
  },
  FULL_ON_PROBATIONARY: {
    zh: '预备党员不应有转正日期',
    en: 'a probationary member has no full-membership date',
  },
  UNKNOWN_ORG: { zh: '党组织编码「{value}」不存在', en: 'no organisation has the code “{value}”' },
  ORG_OUTSIDE: {
    zh: '党组织「{value}」不在你管理的范围内',
    en: 'organisation “{value}” is outside your subtree',
  },
  ORG_NOT_FOR_MEMBERS: {
    zh: '党员不能直接登记在「{value}」（组织部/党小组）',
    en: 'members are not enrolled directly at “{value}” (the root or a group)',
  },
  DUPLICATE_IN_FILE: {
    zh: '与第 {other} 行重复（同一公民身份号码）',
    en: 'the same national ID as row {other}',
  },
  DUPLICATE_ORG_IN_FILE: { zh: '与第 {other} 行编码重复', en: 'the same code as row {other}' },
  BAD_ORG_ID: {
    zh: '编码「{value}」须为 1-32 位小写字母、数字、_ 或 -',
    en: 'code “{value}” must be 1-32 lowercase letters, digits, _ or -',
  },
  PARENT_MISSING: {
    zh: '上级编码「{value}」既不在系统中，也不在本文件中',
    en: 'parent code “{value}” is neither in the system nor in this file',
  },
  PARENT_INVALID: {
    zh: '上级「{value}」（第 {other} 行）本身有误',
    en: 'the parent “{value}” (row {other}) is itself invalid',
  },
  PARENT_CYCLE: {
    zh: '上级编码「{value}」构成循环',
    en: 'parent code “{value}” makes a cycle',
  },
  BAD_NESTING: {
    zh: '「{type}」不能设在「{parentType}」之下',
    en: 'a {type} cannot sit under a {parentType}',
  },
  RULE: { zh: '{value}', en: '{value}' },
  ENROLLED_MEANWHILE: {
    zh: '导入过程中此公民身份号码已被他人登记，未重复登记',
    en: 'someone enrolled this national ID during the import; not enrolled twice',
  },
  CHANGED: {
    zh: '与已登记的不同：{fields}（未覆盖，请用更正签注）',
    en: 'differs from the record: {fields} (not overwritten; use a correction)',
  },
} satisfies Record<string, Text>;
/** A problem an import reports (a key of IMPORT_TEXTS): one without its text does not compile. */
export type ImportCode = keyof typeof IMPORT_TEXTS;

/** Fills `{name}` placeholders: `fill('第 {row} 行', { row: 3 }) === '第 3 行'`. */
export const fill = (text: string, vars: Record<string, string | number>): string =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
