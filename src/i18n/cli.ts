/**
 * The command line's text (src/cli): one summary per command, longer notes for
 * some, and the runner's own messages. Keyed by the command's words
 * (`org add`); test/cli/commands.test.ts fails when a registered command has no
 * summary here, or a summary names no command.
 */
type Text = { zh: string; en: string };
type Lang = 'zh' | 'en';

export const CLI_SUMMARIES: Record<string, Text> = {
  init: {
    zh: '建立根组织及其自签名密钥，公钥写入 keys/root.jwk',
    en: 'create the root organisation and its self-signed key; writes keys/root.jwk',
  },
  'org add': {
    zh: '新建党组织，由上级为其密钥签发证书',
    en: 'add an organisation; its parent certifies its key',
  },
  'org list': { zh: '列出组织树', en: 'print the organisation tree' },
  'keys list': { zh: '列出各组织的密钥及有效期', en: "list every organisation's keys" },
  'keys rotate': { zh: '为组织换发新密钥', en: 'give an organisation a new key' },
  'keys revoke': {
    zh: '吊销一把密钥（--at：自该时刻起无效）',
    en: 'revoke a key (--at: invalid from that time on)',
  },
  'member enroll': {
    zh: '入党登记：签发 enroll 记录和第一张凭证',
    en: 'enrol a member: the signed enroll entry and the first credential',
  },
  'member show': {
    zh: '显示党员及其签注记录（身份证号已遮蔽；--json 全部字段）',
    en: 'show a member and their entries (national ID masked; --json for every field)',
  },
  import: {
    zh: '导入花名册或组织架构（CSV 或 XLSX）',
    en: 'import a roster or an organisation tree (CSV or XLSX)',
  },
  'endorse transfer-out': { zh: '转出签注', en: 'transfer out' },
  'endorse arrival': {
    zh: '报到签注（由接收组织或其上级签）',
    en: 'arrival (signed by the destination or a superior)',
  },
  'endorse transfer-return': { zh: '退回（转出被退回原组织）', en: 'transfer returned' },
  'endorse temp-out': { zh: '开具证明信', en: 'issue a 证明信 (temporary leave)' },
  'endorse temp-return': { zh: '证明信签回', en: '证明信 returned' },
  'endorse flow-register': {
    zh: '流动党员登记或注销',
    en: 'register (or cancel) a 流动党员 at a host',
  },
  'endorse status': {
    zh: '党籍状态变更：转正、停止党籍、恢复党籍、出党、去世',
    en: 'status change: full membership, stopped, restored, left, deceased',
  },
  'endorse correction': { zh: '更正一条记录', en: 'correct an earlier entry' },
  qr: { zh: '把党员凭证写成二维码（PNG 或 SVG）', en: "write a member's credential as a QR code" },
  export: {
    zh: '导出党员的证书包（离线核验用）',
    en: "export a member's bundle (for offline verification)",
  },
  trust: {
    zh: '输出信任列表（.jws：由根组织签名）',
    en: 'write the trust list (.jws: signed by the root)',
  },
  verify: {
    zh: '核验证书包或凭证：退出码 0 有效，1 无效',
    en: 'verify a bundle or a credential: exit 0 valid, 1 invalid',
  },
  'log watch': {
    zh: '见证人：检查透明日志只增不改，分叉或回滚时报警',
    en: 'witness: alarm on a fork or a rollback of the log',
  },
  'dues template': {
    zh: '生成支部当月党费表（已预填）',
    en: "write a branch-month's prefilled 党费 table",
  },
  'dues record': {
    zh: '把党费表记为一个签名批次',
    en: 'record a 党费 table as one signed batch',
  },
  backup: {
    zh: '备份整个系统：一份一致的快照',
    en: 'back up the whole installation, one consistent snapshot',
  },
  restore: {
    zh: '把备份恢复到一个空数据库',
    en: 'restore a backup into an empty database',
  },
  fsck: {
    zh: '重新核验每条记录、链、党员状态和日志树',
    en: 're-verify every entry, chain, member head and the log tree',
  },
  demo: {
    zh: '演示组织树和一名党员的转接过程（--full：整个演示公安局及其三年历史）',
    en: "a demo tree and one member's journey (--full: the whole demo bureau with three years of history)",
  },
  serve: {
    zh: 'HTTP 接口和页面（--demo：首次启动时建立演示数据和账号）',
    en: 'the HTTP API and pages (--demo: demo tree and logins on first start)',
  },
  migrate: {
    zh: '对 DATABASE_URL 执行数据库迁移（Worker 从不迁移）',
    en: 'apply the schema migrations to DATABASE_URL (a Worker never migrates)',
  },
  'report compute': {
    zh: '按当前数据计算年度党内统计',
    en: 'compute the annual statistics as they stand',
  },
  'report file': { zh: '上报年度统计（签名）', en: 'file the annual statistics (signed)' },
  'report accept': {
    zh: '接收下级的年度统计（由其上级签名）',
    en: "accept a child's filing (signed by its parent)",
  },
  'report return': { zh: '退回下级的年度统计', en: "return a child's filing" },
  'report pull': {
    zh: '下级的上报情况及核验结论',
    en: "the children's filings with their verdicts",
  },
  'report export': { zh: '导出统计表（XLSX 或 CSV）', en: 'export the table (XLSX or CSV)' },
  'report evidence': {
    zh: '导出审计证据（审计人员下载的文件）',
    en: 'write the evidence an auditor downloads',
  },
  'report audit': {
    zh: '审计：每项数字都能重算且无倒签时退出码 0，否则 1',
    en: 'audit: exit 0 when every figure recomputes and nothing is backdated, 1 otherwise',
  },
};

/** Longer help for some commands, shown under the synopsis by `pmcert <command> --help`. */
export const CLI_NOTES: Record<string, Text> = {
  demo: {
    zh: `不带参数：一名党员的 登记 → 转出 → 报到，写出已核验的证书包和二维码。
--full：在新的数据目录中生成演示公安局（1 个市局党委、16 个基层党委、12 个党总支、238 个党支部、约 4,800 名党员），
  以模拟时钟从三年前运行到今天（军转、学生分配、公务员招录、内部调动、证明信、流动党员、每月党费），再建立演示账号。
--scale slice|bureau|national：slice 即 npm start 载入的小片段；national 为 --bureaus N 个公安局（默认 187：约 5 万个组织、100 万名党员，仅供基准测试）。
同一 --seed 得到同一批人员和事件。`,
    en: `Without flags: one member's enrol → transfer out → arrival, and a verified bundle and QR.
--full: into a new data dir, the demo bureau (1 municipal committee, 16 基层党委, 12 党总支, 238 党支部, ~4,800 members)
  played under a simulated clock from three years ago to today (军转, 学生分配, 公务员招录, internal moves, 证明信,
  流动党员, monthly dues), then the demo logins.
--scale slice|bureau|national: slice is what npm start loads; national is --bureaus N bureaus (default 187:
  ~50,000 orgs and 1,000,000 members, for benches). The same --seed gives the same people and events.`,
  },
  import: {
    zh: `FILE：.csv（UTF-8，可带 BOM；或 Excel 保存的 GBK/GB 18030）或 .xlsx。
members：姓名, 性别, 民族, 出生日期, 公民身份号码, 入党日期, 转正日期, 党员类别, 人员类别, 是否干部, 所在党组织（组织编码）
orgs：   编码, 名称, 类型（党委/党总支/党支部/党小组）, 上级编码
先检查每一行；有任何一行有误时不写入，除非 --skip-invalid。
已登记的党员（同一身份证号）或同编码的组织不会重复写入，与文件的差异会列出。
退出码 0：已写入（或试运行无误），否则 2。`,
    en: `FILE: .csv (UTF-8, with or without BOM, or GBK/GB 18030 as Excel saves it) or .xlsx.
members: 姓名, 性别, 民族, 出生日期, 公民身份号码, 入党日期, 转正日期, 党员类别, 人员类别, 是否干部, 所在党组织 (the org's 编码)
orgs:    编码, 名称, 类型 (党委/党总支/党支部/党小组), 上级编码
Every row is checked first; nothing is written when a row is invalid unless --skip-invalid.
A member already enrolled (same national ID) or an org with the same 编码 is not written
again; how it differs from the file is reported. Exit 0 written (or a clean dry run), 2 otherwise.`,
  },
  backup: {
    zh: `FILE 以 .gz 结尾时压缩（JSON lines）。PostgreSQL 自带工具亦可：
pg_dump -Fc "$DATABASE_URL" > pmc.dump; pg_restore -d "$NEW_URL" pmc.dump（见 docs/deploy.md）。
嵌入式（PGlite）数据目录同一时间只能由一个进程使用：服务器运行时用 --server URL（需 PMC_TOKEN：根组织具有 backup:read 权限的 API 令牌），
由服务器在一致快照中导出（GET /api/backup），无需停机。`,
    en: `JSON lines, compressed when FILE ends in .gz. PostgreSQL's own tools work too:
pg_dump -Fc "$DATABASE_URL" > pmc.dump; pg_restore -d "$NEW_URL" pmc.dump (docs/deploy.md).
An embedded (PGlite) data dir belongs to one process: while it serves, use --server URL (PMC_TOKEN: a root API
token with backup:read); the server writes the snapshot itself (GET /api/backup), without stopping.`,
  },
  restore: {
    zh: `恢复到迁移版本相同的空数据库：新的 --data 目录，或空的 DATABASE_URL。
需要原系统的密钥加密密钥：设置 PMC_KEK，或把原数据目录的 kek 文件复制到新目录。`,
    en: `Into an empty database at the same migration: a new --data DIR, or an empty DATABASE_URL.
It needs the original key-encryption key: set PMC_KEK, or copy the old data dir's kek file in.`,
  },
  'log watch': {
    zh: `记住上次看到的检查点（--state），检查每个新检查点都由日志密钥签名且与之一致，
出现分叉或回滚时报警（退出码 1）。--interval 0（默认）只检查一次。`,
    en: `Remembers the last checkpoint it saw (in --state), checks each new one is signed by the
log key and consistent with it, and alarms (exit 1) on a fork or a rollback.
--interval 0 (default) checks once.`,
  },
  verify: {
    zh: `verify bundle.json：核验证书包（默认要求透明日志证明，--allow-unlogged 除外）。
verify --token JWS：核验一张凭证；--trust 给出信任列表（trust.jws 用根公钥核验），否则取本库的。`,
    en: `verify bundle.json: a bundle (its log proofs are required unless --allow-unlogged).
verify --token JWS: one credential, against --trust (trust.jws is checked with the root key) or this database's list.`,
  },
  migrate: {
    zh: `--status 只报告：最新时退出码 0，落后时 1。未设置 DATABASE_URL 时针对 --data 中的嵌入式 PGlite。`,
    en: `--status only reports: exit 0 when current, 1 when behind. Without DATABASE_URL: the embedded PGlite in --data.`,
  },
  'report file': {
    zh: `--explain-*：统计数字不平衡时的说明。下级全部被接收（或豁免）之前，上级不能上报。`,
    en: `--explain-*: explanations where the figures do not balance. Refused until every child is accepted (or exempted).`,
  },
};

/** The runner's messages; `{flag}`, `{command}`, `{name}`, `{values}`, `{arg}` are filled in. */
export const CLI_TEXTS: Record<string, Text> = {
  unknown_flag: {
    zh: '命令 {command} 没有选项 {flag}',
    en: 'unknown option {flag} for {command}',
  },
  did_you_mean: { zh: '（是否要用 {flag}？）', en: ' (did you mean {flag}?)' },
  flag_needs_value: { zh: '选项 {flag} 需要一个值', en: 'option {flag} needs a value' },
  flag_takes_no_value: { zh: '选项 {flag} 不带值', en: 'option {flag} takes no value' },
  unexpected_argument: {
    zh: '命令 {command} 不接受参数「{arg}」',
    en: '{command} takes no argument “{arg}”',
  },
  required: { zh: '缺少必填项 {name}', en: '{name} is required' },
  one_of: { zh: '{name} 应为以下之一：{values}', en: '{name} must be one of: {values}' },
  bundle_or_token: {
    zh: '请给出证书包文件（bundle.json）或 --token JWS',
    en: 'give a bundle file (bundle.json) or --token JWS',
  },
  root_or_vkey: {
    zh: '请给出 --root keys/root.jwk（从信任列表取日志公钥）或 --vkey VKEY',
    en: 'give --root keys/root.jwk (the log key from the trust list) or --vkey VKEY',
  },
  see_help: {
    zh: 'pmcert {command} --help 列出其选项',
    en: 'pmcert {command} --help lists its options',
  },
  unknown_command: {
    zh: '没有命令「{command}」；pmcert --help 列出全部命令',
    en: 'no command “{command}”; pmcert --help lists them all',
  },
  title: {
    zh: 'pmcert — 数字党员证',
    en: 'pmcert — digital Party member certificate',
  },
  commands: { zh: '命令：', en: 'Commands:' },
  more: {
    zh: 'pmcert <命令> --help 列出该命令的选项。',
    en: 'pmcert <command> --help lists its options.',
  },
};

/** Where the data lives, under the help of every command that opens the database. */
export const helpFooter = (lang: Lang): string =>
  lang === 'zh'
    ? `  --data DIR 或 PMC_DATA_DIR：嵌入式 PGlite 数据目录（默认 ./data）；DATABASE_URL：PostgreSQL。
  PMC_KEK：密钥加密密钥（base64url，32 字节）。PMC_LANG=en 显示英文。`
    : `  --data DIR or PMC_DATA_DIR: embedded PGlite folder (default ./data); DATABASE_URL: PostgreSQL.
  PMC_KEK: key-encryption key (base64url, 32 bytes). PMC_LANG=en for English.`;
