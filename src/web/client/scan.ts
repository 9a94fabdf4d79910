/**
 * 扫码签注: camera → Web Worker (zxing-wasm) → credential → verified here
 * against the trust list → the server's head and the actions it allows → a
 * form, a confirmation of what will be signed → POST /api/endorsements → the
 * new credential's QR. Photo, pasted link and USB scanner feed the same path.
 */
import type { CredentialClaims } from '../../crypto/credential.ts';
import type { PublicJwk } from '../../crypto/keys.ts';
import { verifyTrustList, type TrustList } from '../../crypto/trust-list.ts';
import { parseToken, verifyCredential } from '../../crypto/verify-credential.ts';
import type { FromWorker } from './scan-worker.ts';
import { browserVerifier } from './verifier.ts';
import { $, fill, fmtDate, pageData, show } from './ui.ts';

interface Data {
  lang: 'zh' | 'en';
  root: PublicJwk;
  csrf: string;
  worker: string;
  wasm: string;
  text: Record<string, string>;
}
interface Action {
  kind: string;
  as: string;
  defaults: Record<string, string | number>;
}
interface Actions {
  head: { seq: number; hd: string };
  actions: Action[];
  unavailable: { kind: string; reason: string; message: string }[];
}

const data = pageData<Data>();
const T = (key: string, vars?: Record<string, string | number>) =>
  fill(data.text[key] ?? key, vars);
const verifier = browserVerifier();

// --- trust list ------------------------------------------------------------------------------
let trust: Promise<TrustList | undefined> | undefined;
const trustList = () =>
  (trust ??= fetch('/.well-known/pmc/trust.jws', { cache: 'no-cache' })
    .then((r) => r.text())
    .then((jws) => verifyTrustList(jws.trim(), data.root, verifier, { now: nowSec() }))
    .catch(() => undefined));
const nowSec = () => Math.floor(Date.now() / 1000);

async function orgName(id: string): Promise<string> {
  return (await trustList())?.orgs.find((o) => o.id === id)?.name ?? id;
}

// --- decoding --------------------------------------------------------------------------------
const worker = new Worker(data.worker);
let workerReady = false;
let frameId = 0;
const pending = new Map<number, (text: string | null) => void>();
worker.onmessage = (e: MessageEvent<FromWorker>) => {
  const m = e.data;
  if (m.type === 'ready') workerReady = true;
  else if (m.type === 'result') {
    pending.get(m.id)?.(m.text);
    pending.delete(m.id);
  } else if (m.type === 'error') {
    for (const [, f] of pending) f(null);
    pending.clear();
  }
};
worker.postMessage({ type: 'init', wasmUrl: new URL(data.wasm, location.href).href });

function decode(image: ImageData | Blob): Promise<string | null> {
  const id = ++frameId;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    const transfer = image instanceof ImageData ? [image.data.buffer] : [];
    worker.postMessage({ type: 'frame', id, image }, transfer);
  });
}

// --- camera ----------------------------------------------------------------------------------
const video = $<HTMLVideoElement>('video');
const status = $('scan-status');
let stream: MediaStream | undefined;
let scanning = false;
let startedAt = 0;

async function openCamera(): Promise<MediaStream> {
  const ideal = {
    facingMode: { ideal: 'environment' },
    width: { ideal: 1280 },
    height: { ideal: 720 },
  };
  try {
    return await navigator.mediaDevices.getUserMedia({ video: ideal, audio: false });
  } catch (err) {
    if ((err as Error).name === 'NotAllowedError') throw err;
    return navigator.mediaDevices.getUserMedia({ video: true, audio: false });
  }
}

async function startCamera() {
  if (stream) return;
  try {
    if (!navigator.mediaDevices?.getUserMedia) throw new Error('getUserMedia');
    startedAt = performance.now();
    stream = await openCamera();
    video.srcObject = stream;
    await video.play();
    $('cam-toggle').textContent = T('scan.stop');
    const track = stream.getVideoTracks()[0];
    const caps = (track?.getCapabilities?.() ?? {}) as { torch?: boolean };
    show($('torch'), caps.torch === true);
    status.textContent = T('scan.scanning');
    scanning = true;
    void loop();
  } catch (err) {
    stream = undefined;
    status.textContent = T('scan.cameraUnavailable', {
      reason: (err as Error).name || String(err),
    });
  }
}

function stopCamera() {
  scanning = false;
  stream?.getTracks().forEach((t) => t.stop());
  stream = undefined;
  video.srcObject = null;
  $('cam-toggle').textContent = T('scan.start');
  show($('torch'), false);
}

const canvas = document.createElement('canvas');
async function loop() {
  while (scanning && stream) {
    if (workerReady && video.videoWidth > 0) {
      const scale = Math.min(1, 1280 / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      const g = canvas.getContext('2d', { willReadFrequently: true })!;
      g.drawImage(video, 0, 0, canvas.width, canvas.height);
      const text = await decode(g.getImageData(0, 0, canvas.width, canvas.height));
      if (text && scanning) {
        const ms = Math.round(performance.now() - startedAt);
        document.body.dataset.decodeMs = String(ms);
        status.textContent = T('scan.decoded', { ms });
        stopCamera();
        await handle(text);
        return;
      }
    }
    await new Promise((r) => setTimeout(r, 120));
  }
}

$('cam-toggle').addEventListener('click', () => (stream ? stopCamera() : void startCamera()));
$('torch').addEventListener('click', async () => {
  const btn = $('torch');
  const on = btn.getAttribute('aria-pressed') !== 'true';
  const track = stream?.getVideoTracks()[0];
  await track
    ?.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] })
    .catch(() => {});
  btn.setAttribute('aria-pressed', String(on));
});
$<HTMLInputElement>('photo').addEventListener('change', async (e) => {
  const file = (e.target as HTMLInputElement).files?.[0];
  if (!file) return;
  stopCamera();
  while (!workerReady) await new Promise((r) => setTimeout(r, 50));
  const text = await decode(file);
  if (text) await handle(text);
  else status.textContent = T('scan.photoFailed');
});
$('paste-form').addEventListener('submit', (e) => {
  e.preventDefault();
  stopCamera();
  void handle($<HTMLInputElement>('paste').value);
});
// A USB scanner types the text and presses Enter.
$('usb-form').addEventListener('submit', (e) => {
  e.preventDefault();
  stopCamera();
  const input = $<HTMLInputElement>('usb');
  void handle(input.value);
  input.value = '';
});
$('again').addEventListener('click', () => {
  show($('result'), false);
  void startCamera();
});

// --- the scanned credential ------------------------------------------------------------------
/** The credential in a scanned text: a /v#… link or the bare JWS. */
export function credentialOf(text: string): string {
  let s = text.trim();
  const hash = s.indexOf('#');
  if (hash >= 0) s = s.slice(hash + 1);
  try {
    s = decodeURIComponent(s);
  } catch {
    /* as is */
  }
  return s.trim();
}

let current: { credential: string; claims: CredentialClaims; member: string } | undefined;

function warn(key: string, vars?: Record<string, string | number>) {
  const p = document.createElement('p');
  p.className = 'pmc-warning';
  p.dataset.warning = key;
  p.textContent = T(key, vars);
  $('warnings').append(p);
}

function dl(el: HTMLElement, rows: [string, string][]) {
  el.replaceChildren(
    ...rows.flatMap(([k, v]) => {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v;
      return [dt, dd];
    }),
  );
}

const api = async (method: string, path: string, body?: unknown) =>
  fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      Accept: 'application/json',
      ...(body ? { 'Content-Type': 'application/json', 'X-CSRF-Token': data.csrf } : {}),
      ...(method === 'POST'
        ? { 'Idempotency-Key': crypto.randomUUID?.() ?? String(Math.random()) }
        : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

async function handle(text: string) {
  document.body.dataset.state = 'checking';
  $('warnings').replaceChildren();
  for (const id of ['actions', 'signed', 'failed', 'action-form', 'confirm']) show($(id), false);
  show($('card'), true);
  show($('result'), true);
  const credential = credentialOf(text);
  let claims: CredentialClaims | undefined;
  try {
    claims = parseToken(credential, 'credential').claims as unknown as CredentialClaims;
  } catch {
    claims = undefined;
  }
  if (!claims || typeof claims.sub !== 'string') {
    warn('scan.warn.unrecognised');
    show($('card'), false);
    document.body.dataset.state = 'done';
    return;
  }
  const list = await trustList();
  const r = list
    ? await verifyCredential(credential, list, nowSec(), verifier)
    : ({ valid: false, code: 'UNKNOWN_KEY', message: 'no trust list' } as const);
  let usable = true;
  if (!r.valid) {
    if (r.code === 'BAD_SIGNATURE') (warn('scan.warn.badSignature'), (usable = false));
    else if (r.code === 'REVOKED_KEY') (warn('scan.warn.revoked'), (usable = false));
    else if (r.code === 'EXPIRED') warn('scan.warn.expired');
    else if (r.code === 'MALFORMED' || r.code === 'WRONG_TYP' || r.code === 'UNSUPPORTED_ALG')
      (warn('scan.warn.unrecognised'), (usable = false));
    else warn('scan.warn.unverifiable', { reason: r.message });
  }
  current = { credential, claims, member: claims.sub };
  // The card from the credential itself; the server's record replaces it where we may read it.
  dl($('card-fields'), [
    [T('verify.field.name'), claims.nam],
    [T('verify.field.org'), await orgName(claims.org)],
    [T('verify.field.status'), T(`status.${claims.st}`)],
    [T('scan.field.dues'), claims.due ?? '—'],
    [T('verify.field.expires'), fmtDate(claims.exp, data.lang)],
  ]);
  $('card-entries').replaceChildren();
  if (!usable) {
    document.body.dataset.state = 'done';
    return;
  }
  const [actionsRes, memberRes] = await Promise.all([
    api('GET', `/api/members/${encodeURIComponent(claims.sub)}/actions`),
    api('GET', `/api/members/${encodeURIComponent(claims.sub)}`),
  ]);
  if (memberRes.ok) {
    const m = (await memberRes.json()) as {
      name: string;
      org: string;
      status: string;
      duesThrough: string | null;
      entries: { seq: number; kind: string; org: string; at: string }[];
    };
    dl($('card-fields'), [
      [T('verify.field.name'), m.name],
      [T('verify.field.org'), await orgName(m.org)],
      [T('verify.field.status'), T(`status.${m.status}`)],
      [T('scan.field.dues'), m.duesThrough ?? '—'],
      [T('verify.field.expires'), fmtDate(claims.exp, data.lang)],
    ]);
    const items = await Promise.all(
      m.entries
        .slice(-5)
        .reverse()
        .map(async (e) => {
          const li = document.createElement('li');
          const kind =
            data.text[`scan.action.${e.kind}`] ?? data.text[`scan.kind.${e.kind}`] ?? e.kind;
          const when = fmtDate(Date.parse(e.at) / 1000, data.lang, true);
          li.textContent = `${e.seq}. ${kind} · ${await orgName(e.org)} · ${when}`;
          return li;
        }),
    );
    $('card-entries').replaceChildren(...items);
  }
  if (!actionsRes.ok) {
    warn('scan.warn.outside');
    document.body.dataset.state = 'done';
    return;
  }
  const a = (await actionsRes.json()) as Actions;
  if (a.head.seq !== claims.seq || a.head.hd !== claims.hd)
    warn('scan.warn.stale', { seen: claims.seq, seq: a.head.seq });
  if (a.actions.length === 0) {
    const outside = a.unavailable.every((u) => u.reason === 'NOT_AUTHORISED');
    warn(outside ? 'scan.warn.outside' : 'scan.warn.noActions');
  }
  showActions(a);
  document.body.dataset.state = 'done';
}

// --- actions ---------------------------------------------------------------------------------
function showActions(a: Actions) {
  const box = $('action-buttons');
  box.replaceChildren(
    ...a.actions.map((action) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'weui-btn weui-btn_primary';
      b.dataset.kind = action.kind;
      b.textContent = T(`scan.action.${action.kind}`);
      b.addEventListener('click', () => openForm(action));
      return b;
    }),
  );
  show($('actions'), a.actions.length > 0);
}

function field(label: string, input: HTMLElement): HTMLElement {
  const row = document.createElement('div');
  row.className = 'pmc-row';
  const l = document.createElement('label');
  l.textContent = label;
  l.htmlFor = input.id;
  row.append(l, input);
  return row;
}

function input(id: string, type: string, value = ''): HTMLInputElement {
  const i = document.createElement('input');
  i.id = id;
  i.name = id;
  i.type = type;
  i.value = value;
  return i;
}

function orgSearch(onPick: (o: { id: string; name: string } | undefined) => void) {
  const search = input('f-to', 'search');
  search.setAttribute('autocomplete', 'off');
  const results = document.createElement('div');
  results.id = 'f-to-results';
  results.className = 'pmc-actions';
  results.setAttribute('role', 'listbox');
  results.setAttribute('aria-label', T('scan.form.to'));
  let timer: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    onPick(undefined);
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = search.value.trim();
      if (!q) return results.replaceChildren();
      const res = await api('GET', `/api/orgs/search?q=${encodeURIComponent(q)}&limit=10`);
      const found = res.ok
        ? ((await res.json()) as { orgs: { id: string; name: string }[] }).orgs
        : [];
      const options = found
        .filter((o) => o.id !== current?.claims.org)
        .map((o) => {
          const b = document.createElement('button');
          b.type = 'button';
          b.className = 'weui-btn weui-btn_mini weui-btn_default';
          b.setAttribute('role', 'option');
          b.dataset.org = o.id;
          b.textContent = o.name;
          b.addEventListener('click', () => {
            onPick(o);
            search.value = o.name;
            results.replaceChildren();
          });
          return b;
        });
      if (options.length === 0) {
        const p = document.createElement('p');
        p.className = 'pmc-note';
        p.textContent = T('scan.noResults');
        results.replaceChildren(p);
      } else results.replaceChildren(...options);
    }, 200);
  });
  return [field(T('scan.form.to'), search), results];
}

function openForm(action: Action) {
  const form = $<HTMLFormElement>('action-form');
  show($('confirm'), false);
  const parts: HTMLElement[] = [];
  let destination: { id: string; name: string } | undefined;
  const maxDays = action.defaults.maxValidDays ?? '';
  if (action.kind === 'transfer_out') {
    parts.push(...orgSearch((o) => (destination = o)));
    parts.push(field(T('scan.form.reason'), input('f-reason', 'text')));
    const days = input('f-validDays', 'number', String(action.defaults.validDays ?? ''));
    days.min = '1';
    days.max = String(maxDays);
    parts.push(field(T('scan.form.validDays', { max: maxDays }), days));
  } else if (action.kind === 'transfer_return') {
    parts.push(field(T('scan.form.reason'), input('f-reason', 'text')));
  } else if (action.kind === 'temp_out') {
    const until = input('f-until', 'date', String(action.defaults.until ?? ''));
    until.max = String(action.defaults.maxUntil ?? '');
    parts.push(field(T('scan.form.until'), until));
    parts.push(field(T('scan.form.place'), input('f-place', 'text')));
    parts.push(field(T('scan.form.reason'), input('f-reason', 'text')));
  }
  const review = document.createElement('button');
  review.type = 'submit';
  review.className = 'weui-btn weui-btn_primary';
  review.id = 'review';
  review.textContent = T('scan.form.review');
  form.replaceChildren(...parts, review);
  show(form, true);
  form.onsubmit = async (e) => {
    e.preventDefault();
    const val = (id: string) =>
      (document.getElementById(id) as HTMLInputElement | null)?.value.trim() ?? '';
    const body: Record<string, unknown> = {
      kind: action.kind,
      credential: current!.credential,
      as: action.as,
    };
    const shown: [string, string][] = [
      [T('scan.confirm.kind'), T(`scan.action.${action.kind}`)],
      [T('scan.confirm.member'), current!.claims.nam],
      [T('scan.confirm.as'), await orgName(action.as)],
    ];
    if (action.kind === 'transfer_out') {
      if (!destination) {
        $('failed').textContent = T('scan.pickOrg');
        return show($('failed'), true);
      }
      body.to = destination.id;
      body.validDays = Number(val('f-validDays'));
      shown.push([T('scan.form.to'), destination.name]);
      shown.push([T('scan.form.validDays', { max: maxDays }), val('f-validDays')]);
    }
    if (action.kind === 'temp_out') {
      body.until = val('f-until');
      shown.push([T('scan.form.until'), val('f-until')]);
      if (val('f-place')) {
        body.to = val('f-place');
        shown.push([T('scan.form.place'), val('f-place')]);
      }
    }
    if (action.kind === 'flow_register') {
      body.host = action.defaults.host;
      shown.push([T('scan.form.host'), await orgName(String(action.defaults.host))]);
    }
    if (['transfer_out', 'transfer_return', 'temp_out'].includes(action.kind) && val('f-reason')) {
      body.reason = val('f-reason');
      shown.push([T('scan.form.reason'), val('f-reason')]);
    }
    show($('failed'), false);
    dl($('confirm-fields'), shown);
    show($('confirm'), true);
    $('confirm-sign').focus();
    $('confirm-sign').onclick = () => void sign(body);
  };
  (form.querySelector('input') ?? review).focus();
}

$('confirm-cancel').addEventListener('click', () => show($('confirm'), false));

async function sign(body: Record<string, unknown>) {
  const btn = $<HTMLButtonElement>('confirm-sign');
  btn.disabled = true;
  btn.textContent = T('scan.working');
  try {
    const res = await api('POST', '/api/endorsements', body);
    const out = (await res.json().catch(() => ({}))) as {
      seq?: number;
      credential?: string;
      member?: string;
      detail?: string;
      title?: string;
    };
    if (!res.ok || !out.credential) {
      const detail = out.detail ?? out.title ?? String(res.status);
      $('failed').textContent = T('scan.failed', { detail });
      show($('failed'), true);
      return;
    }
    show($('actions'), false);
    $('signed-text').textContent = T('scan.signed', { seq: out.seq ?? '' });
    $<HTMLImageElement>('signed-qr').src =
      `/api/members/${encodeURIComponent(out.member!)}/qr.svg?seq=${out.seq}`;
    const link = new URL('/v', location.href);
    link.hash = out.credential;
    $<HTMLAnchorElement>('signed-link').href = link.href;
    $('signed').dataset.credential = out.credential;
    show($('signed'), true);
  } finally {
    btn.disabled = false;
    btn.textContent = T('scan.confirm.sign');
  }
}

void trustList();
void startCamera();
document.body.dataset.state = 'ready';
