/**
 * The text of the pages whose work happens in the browser (核验 /v and
 * 扫码签注 /scan), Chinese first. The server renders the static part and
 * hands the client scripts the rest as JSON, so no string lives in markup or
 * in client code. `en` must have exactly the keys of `zh` (checked by the
 * compiler); `{name}` placeholders are filled by `fill`.
 */
import type { Lang } from './messages.ts';

const zh = {
  'app.name': '数字党员证',
  'lang.switch': 'English',
  'page.noscript': '此页面需要启用 JavaScript。',
  'status.normal': '正常',
  'status.in_transit': '转出在途',
  'status.left': '已出党',
  'status.deceased': '已去世',

  'verify.title': '核验党员证',
  'verify.pending': '正在核验…',
  'verify.valid': '有效',
  'verify.badSignature': '签名无效',
  'verify.revoked': '密钥已撤销',
  'verify.expired': '已过期',
  'verify.unverifiable': '无法核验',
  'verify.unrecognised': '未识别',
  'verify.detail.valid': '签名与信任列表一致，且在有效期内。',
  'verify.detail.badSignature': '这不是党组织签发的原件：内容被改动过，或签名是伪造的。',
  'verify.detail.revoked': '签发它的密钥已被撤销，此证不可采信。',
  'verify.detail.expired': '此证已于 {date} 过期，请对方刷新后重新出示。',
  'verify.detail.noTrust': '本机还没有信任列表：请联网打开一次此页面。',
  'verify.detail.trustExpired': '本机的信任列表已于 {date} 过期：请联网更新后再核验。',
  'verify.detail.unknownSigner':
    '签发组织不在本机的信任列表中（列表可能过旧）：请联网更新后再核验。',
  'verify.detail.unrecognised': '没有读到党员证内容。请重新扫描二维码，或打开完整链接。',
  'verify.field.name': '姓名',
  'verify.field.org': '所在组织',
  'verify.field.status': '状态',
  'verify.field.due': '党费交至',
  'verify.field.issued': '签发时间',
  'verify.field.expires': '有效期至',
  'verify.field.issuer': '签发组织',
  'verify.compare': '请核对姓名与对方的身份证是否一致。',
  'verify.private': '扫描到的内容只在本机核验，不会发送到任何地方。',
  'verify.privateHead': '联网时只用证件编号查询是否有更新的状态。',
  'verify.trustAge': '信任列表更新于 {date}（{days} 天前）',
  'verify.trustNone': '尚无信任列表',
  'verify.clockOff': '本机时间与服务器相差 {minutes} 分钟，核验结果可能不准：请校准手机时间。',
  'verify.newer': '已有更新的状态（第 {seq} 条签注）：请对方刷新二维码后再出示。',
  'verify.current': '这是该党员的最新状态。',
  'verify.offline': '当前离线：已使用本机保存的信任列表核验。',
  'verify.engine.noble': '本浏览器不支持 Ed25519，已改用内置的签名核验程序。',

  'scan.title': '扫码签注',
  'scan.intro': '对准党员证二维码；也可以拍照、从相册选择、粘贴链接或使用扫码枪。',
  'scan.start': '打开摄像头',
  'scan.stop': '关闭摄像头',
  'scan.torch': '手电筒',
  'scan.cameraUnavailable': '无法使用摄像头（{reason}）：请拍照或粘贴链接。',
  'scan.scanning': '正在识别…',
  'scan.decoded': '已识别，用时 {ms} 毫秒',
  'scan.photo': '拍照或从相册选择',
  'scan.photoFailed': '照片中没有识别到二维码，请靠近一些重拍。',
  'scan.paste': '粘贴链接或凭证',
  'scan.pasteSubmit': '核验',
  'scan.usb': '扫码枪输入（扫完自动提交）',
  'scan.video': '摄像头画面',
  'scan.card': '党员信息',
  'scan.field.entries': '最近签注',
  'scan.warn.stale':
    '二维码不是最新状态（二维码第 {seen} 条，当前第 {seq} 条）：以下按当前状态办理，并请对方刷新二维码。',
  'scan.warn.expired': '二维码已过期：以下按当前状态办理。',
  'scan.warn.badSignature': '签名无效：此二维码不是党组织签发的原件，不能据此办理。',
  'scan.warn.revoked': '签发密钥已撤销：不能据此办理。',
  'scan.warn.unverifiable': '无法用信任列表核验此二维码：{reason}',
  'scan.warn.unrecognised': '没有读到党员证内容：请重新扫描。',
  'scan.warn.outside': '该党员不在您的管辖范围内：您不能为其办理签注。',
  'scan.warn.noActions': '该党员当前没有您可以办理的签注。',
  'scan.actions': '您现在可以办理',
  'scan.action.transfer_out': '转出签注',
  'scan.action.arrival': '报到签注',
  'scan.action.transfer_return': '退回',
  'scan.action.temp_out': '证明信开具',
  'scan.action.temp_return': '证明信签回',
  'scan.action.flow_register': '流动党员登记',
  'scan.form.to': '转往组织（输入名称搜索）',
  'scan.form.reason': '原因',
  'scan.form.validDays': '有效期（天，最长 {max} 天）',
  'scan.form.until': '截止日期',
  'scan.form.place': '前往地点',
  'scan.form.host': '登记为流动党员的组织',
  'scan.form.review': '核对后签注',
  'scan.confirm.title': '将要签署的内容',
  'scan.confirm.as': '签署组织',
  'scan.confirm.kind': '签注类型',
  'scan.confirm.member': '党员',
  'scan.confirm.sign': '确认签注',
  'scan.confirm.cancel': '返回修改',
  'scan.signed': '已签注（第 {seq} 条）。请党员出示下方新的二维码。',
  'scan.newQr': '新的党员证二维码',
  'scan.again': '继续扫码',
  'scan.failed': '签注未成功：{detail}',
  'scan.pickOrg': '请从搜索结果中选择组织。',
  'scan.noResults': '没有找到组织',
  'scan.login': '请先登录后再扫码签注。',
} as const;

export type ClientKey = keyof typeof zh;

const en: Record<ClientKey, string> = {
  'app.name': 'Digital Party membership card',
  'lang.switch': '中文',
  'page.noscript': 'This page needs JavaScript.',
  'status.normal': 'normal',
  'status.in_transit': 'transfer in transit',
  'status.left': 'left the Party',
  'status.deceased': 'deceased',

  'verify.title': 'Verify a membership card',
  'verify.pending': 'Verifying…',
  'verify.valid': 'Valid',
  'verify.badSignature': 'Invalid signature',
  'verify.revoked': 'Key revoked',
  'verify.expired': 'Expired',
  'verify.unverifiable': 'Cannot verify',
  'verify.unrecognised': 'Not recognised',
  'verify.detail.valid':
    'The signature matches the trust list and the card is within its validity.',
  'verify.detail.badSignature':
    'This is not an original issued by a Party organisation: it was altered, or the signature is forged.',
  'verify.detail.revoked': 'The key that signed it has been revoked: do not rely on this card.',
  'verify.detail.expired': 'This card expired on {date}: ask the holder to refresh it.',
  'verify.detail.noTrust': 'This device has no trust list yet: open this page once while online.',
  'verify.detail.trustExpired':
    'The trust list on this device expired on {date}: go online to update it, then verify again.',
  'verify.detail.unknownSigner':
    'The issuing organisation is not in this device’s trust list (it may be out of date): update it online and verify again.',
  'verify.detail.unrecognised':
    'No membership card was read. Scan the QR code again, or open the complete link.',
  'verify.field.name': 'Name',
  'verify.field.org': 'Organisation',
  'verify.field.status': 'Status',
  'verify.field.due': 'Dues paid through',
  'verify.field.issued': 'Issued',
  'verify.field.expires': 'Valid until',
  'verify.field.issuer': 'Issued by',
  'verify.compare': 'Check that the name matches the holder’s ID card.',
  'verify.private': 'What you scanned is verified on this device only and is sent nowhere.',
  'verify.privateHead':
    'When online, only the card number is used to ask whether a newer state exists.',
  'verify.trustAge': 'Trust list updated {date} ({days} days ago)',
  'verify.trustNone': 'No trust list yet',
  'verify.clockOff':
    'This device’s clock is {minutes} minutes off the server’s: the result may be wrong. Set the phone’s time.',
  'verify.newer':
    'A newer state exists (endorsement {seq}): ask the holder to refresh the QR code and show it again.',
  'verify.current': 'This is the member’s current state.',
  'verify.offline': 'Offline: verified with the trust list saved on this device.',
  'verify.engine.noble':
    'This browser lacks Ed25519: the built-in signature verifier was used instead.',

  'scan.title': 'Scan and endorse',
  'scan.intro':
    'Point the camera at the card’s QR code; or take a photo, pick one from the album, paste the link or use a USB scanner.',
  'scan.start': 'Start camera',
  'scan.stop': 'Stop camera',
  'scan.torch': 'Torch',
  'scan.cameraUnavailable': 'The camera cannot be used ({reason}): take a photo or paste the link.',
  'scan.scanning': 'Scanning…',
  'scan.decoded': 'Read in {ms} ms',
  'scan.photo': 'Take a photo or pick one',
  'scan.photoFailed': 'No QR code found in the photo: move closer and try again.',
  'scan.paste': 'Paste the link or credential',
  'scan.pasteSubmit': 'Verify',
  'scan.usb': 'USB scanner input (submits when the scan ends)',
  'scan.video': 'Camera view',
  'scan.card': 'Member',
  'scan.field.entries': 'Latest endorsements',
  'scan.warn.stale':
    'The QR code is not the current state (QR at endorsement {seen}, current {seq}): what follows uses the current state; ask the holder to refresh it.',
  'scan.warn.expired': 'The QR code has expired: what follows uses the current state.',
  'scan.warn.badSignature':
    'Invalid signature: this QR code was not issued by a Party organisation; do not act on it.',
  'scan.warn.revoked': 'The issuing key is revoked: do not act on this QR code.',
  'scan.warn.unverifiable': 'This QR code cannot be verified with the trust list: {reason}',
  'scan.warn.unrecognised': 'No membership card was read: scan again.',
  'scan.warn.outside': 'This member is outside your authority: you cannot endorse for them.',
  'scan.warn.noActions': 'There is nothing you can endorse for this member now.',
  'scan.actions': 'What you can do now',
  'scan.action.transfer_out': 'Transfer out (转出签注)',
  'scan.action.arrival': 'Arrival (报到签注)',
  'scan.action.transfer_return': 'Return (退回)',
  'scan.action.temp_out': 'Issue 证明信',
  'scan.action.temp_return': 'Sign back 证明信',
  'scan.action.flow_register': 'Register as 流动党员',
  'scan.form.to': 'Destination (type to search)',
  'scan.form.reason': 'Reason',
  'scan.form.validDays': 'Valid for (days, at most {max})',
  'scan.form.until': 'Until',
  'scan.form.place': 'Going to',
  'scan.form.host': 'Host organisation',
  'scan.form.review': 'Review and sign',
  'scan.confirm.title': 'You are about to sign',
  'scan.confirm.as': 'Signed as',
  'scan.confirm.kind': 'Endorsement',
  'scan.confirm.member': 'Member',
  'scan.confirm.sign': 'Sign',
  'scan.confirm.cancel': 'Back',
  'scan.signed': 'Signed (endorsement {seq}). The member shows the new QR code below from now on.',
  'scan.newQr': 'The new QR code',
  'scan.again': 'Scan another',
  'scan.failed': 'Not signed: {detail}',
  'scan.pickOrg': 'Pick an organisation from the search results.',
  'scan.noResults': 'No organisation found',
  'scan.login': 'Log in to scan and endorse.',
};

export const CLIENT_TEXT: Record<Lang, Record<ClientKey, string>> = { zh, en };

/** The keys a page hands its script (those under `prefixes`, plus the shared ones). */
export function clientText(lang: Lang, prefixes: string[]): Record<string, string> {
  const all = CLIENT_TEXT[lang];
  return Object.fromEntries(
    Object.entries(all).filter(([k]) => ['status.', ...prefixes].some((p) => k.startsWith(p))),
  );
}

export const fill = (text: string, vars: Record<string, string | number> = {}): string =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
