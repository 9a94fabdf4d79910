/**
 * The 核验 page (/v#<credential>): verifies the credential in the fragment on
 * this device, against the root-signed trust list (pinned root key from the
 * page; the list itself from the network, else the copy kept here and by the
 * service worker). Six verdicts, each an icon and words. Re-verifies on
 * hashchange (a same-document navigation), refreshes the trust list every
 * 24 h and on `online` / `visibilitychange`.
 */
import type { CredentialClaims } from '../../crypto/credential.ts';
import type { PublicJwk } from '../../crypto/keys.ts';
import { verifyTrustList, type TrustList } from '../../crypto/trust-list.ts';
import { parseToken, verifyCredential } from '../../crypto/verify-credential.ts';
import { VerifyFailure } from '../../crypto/verify-result.ts';
import { browserVerifier } from './verifier.ts';
import { $, fill, fmtDate, ICONS, pageData, show, type Verdict } from './ui.ts';

interface Data {
  lang: 'zh' | 'en';
  root: PublicJwk;
  text: Record<string, string>;
}
const data = pageData<Data>();
const T = (key: string, vars?: Record<string, string | number>) =>
  fill(data.text[key] ?? key, vars);

const TRUST_URL = '/.well-known/pmc/trust.jws';
const STORE_KEY = 'pmc-trust-jws';
const DAY_MS = 86_400_000;
const verifier = browserVerifier();

/** The credential in the fragment: `#<jws>`, tolerating percent-encoding and stray whitespace. */
export function credentialFromHash(hash: string): string {
  let s = hash.replace(/^#/, '');
  try {
    s = decodeURIComponent(s);
  } catch {
    /* keep as is */
  }
  return s.trim();
}

let trust: { list: TrustList; jws: string } | undefined;
let trustError: 'none' | 'expired' | undefined;
let trustExpiredAt: number | undefined;
let online = false;

const nowSec = () => Math.floor(Date.now() / 1000);

async function adopt(jws: string): Promise<boolean> {
  try {
    const list = await verifyTrustList(jws, data.root, verifier, { now: nowSec() });
    trust = { list, jws };
    trustError = undefined;
    return true;
  } catch (err) {
    if (err instanceof VerifyFailure && err.code === 'EXPIRED') {
      trustError = 'expired';
      try {
        const payload = JSON.parse(atob(jws.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
        trustExpiredAt = payload.expiresAt;
        trust = undefined;
      } catch {
        /* the list verified up to its expiry: the time is readable */
      }
    }
    return false;
  }
}

/** The trust list: the network's when reachable (noting the server clock), else the stored copy. */
async function loadTrust(): Promise<void> {
  online = false;
  try {
    const res = await fetch(TRUST_URL, { cache: 'no-cache' });
    if (res.ok) {
      const jws = (await res.text()).trim();
      online = !res.headers.has('x-pmc-sw-cache');
      checkClock(res.headers.get('Date'));
      if (await adopt(jws)) {
        try {
          localStorage.setItem(STORE_KEY, jws);
        } catch {
          /* private mode: the service worker's copy remains */
        }
        return;
      }
    }
  } catch {
    /* offline */
  }
  const stored = (() => {
    try {
      return localStorage.getItem(STORE_KEY);
    } catch {
      return null;
    }
  })();
  if (stored && (await adopt(stored))) return;
  if (!trust && trustError === undefined) trustError = 'none';
}

function checkClock(date: string | null) {
  const el = $('clock');
  if (!date || !online) return;
  const off = Date.now() - Date.parse(date);
  if (Number.isFinite(off) && Math.abs(off) > 5 * 60_000) {
    el.textContent = T('verify.clockOff', { minutes: Math.round(Math.abs(off) / 60_000) });
    show(el, true);
  } else show(el, false);
}

function setVerdict(v: Verdict, detail: string) {
  const box = $('verdict');
  box.dataset.verdict = v;
  const key = {
    valid: 'verify.valid',
    'bad-signature': 'verify.badSignature',
    revoked: 'verify.revoked',
    expired: 'verify.expired',
    unverifiable: 'verify.unverifiable',
    unrecognised: 'verify.unrecognised',
    pending: 'verify.pending',
  }[v];
  $('verdict-text').textContent = T(key);
  $('verdict-detail').textContent = detail;
  $('verdict-icon').innerHTML = ICONS[v];
}

function showSubject(c: CredentialClaims | undefined, list: TrustList | undefined) {
  const el = $('subject');
  if (!c) return show(el, false);
  const orgName = (id: string) => list?.orgs.find((o) => o.id === id)?.name ?? id;
  $('f-name').textContent = c.nam;
  $('f-org').textContent = orgName(c.org);
  $('f-status').textContent = T(`status.${c.st}`);
  $('f-due').textContent = c.due ?? '—';
  $('f-issuer').textContent = orgName(c.iss);
  $('f-issued').textContent = fmtDate(c.iat, data.lang);
  $('f-expires').textContent = fmtDate(c.exp, data.lang);
  show(el, true);
}

function showTrustAge() {
  const el = $('trust-age');
  if (!trust) {
    el.textContent = T('verify.trustNone');
    return;
  }
  const days = Math.max(0, Math.floor((Date.now() - trust.list.iat * 1000) / DAY_MS));
  el.textContent = T('verify.trustAge', { date: fmtDate(trust.list.iat, data.lang, true), days });
}

async function checkNewer(c: CredentialClaims) {
  const el = $('newer');
  show(el, false);
  if (!online) return;
  try {
    const res = await fetch(`/.well-known/pmc/head/${encodeURIComponent(c.sub)}`, {
      cache: 'no-store',
    });
    if (!res.ok) return;
    const head = (await res.json()) as { seq: number; hd: string };
    el.textContent =
      head.seq > c.seq || (head.seq === c.seq && head.hd !== c.hd)
        ? T('verify.newer', { seq: head.seq })
        : T('verify.current');
    show(el, true);
  } catch {
    /* offline after all */
  }
}

let run = 0;
/** Verifies the fragment's credential and shows the verdict. */
export async function verifyNow(): Promise<void> {
  const mine = ++run;
  const token = credentialFromHash(location.hash);
  showTrustAge();
  show($('offline'), !online && trust !== undefined);
  let decoded: CredentialClaims | undefined;
  try {
    decoded = token
      ? (parseToken(token, 'credential').claims as unknown as CredentialClaims)
      : undefined;
  } catch {
    decoded = undefined;
  }
  const done = (v: Verdict, detail: string, c?: CredentialClaims) => {
    if (mine !== run) return;
    setVerdict(v, detail);
    showSubject(c, trust?.list);
    show($('engine'), verifier.engine() === 'noble');
    document.body.dataset.engine = verifier.engine() ?? '';
    document.body.dataset.state = 'done';
  };
  if (!decoded || typeof decoded.nam !== 'string')
    return done('unrecognised', T('verify.detail.unrecognised'));
  if (!trust) {
    return trustError === 'expired'
      ? done(
          'unverifiable',
          T('verify.detail.trustExpired', { date: fmtDate(trustExpiredAt ?? 0, data.lang, true) }),
        )
      : done('unverifiable', T('verify.detail.noTrust'));
  }
  const r = await verifyCredential(token, trust.list, nowSec(), verifier);
  if (r.valid) {
    done('valid', T('verify.detail.valid'), r.value);
    void checkNewer(r.value);
    return;
  }
  switch (r.code) {
    case 'BAD_SIGNATURE':
      return done('bad-signature', T('verify.detail.badSignature'));
    case 'REVOKED_KEY':
      return done('revoked', T('verify.detail.revoked'), decoded);
    case 'EXPIRED':
      return done(
        'expired',
        T('verify.detail.expired', { date: fmtDate(decoded.exp, data.lang) }),
        decoded,
      );
    case 'UNKNOWN_KEY':
    case 'KEY_NOT_CERTIFIED':
      return done('unverifiable', T('verify.detail.unknownSigner'));
    default:
      // Not a credential we can read (wrong type, broken claims): never "invalid".
      return done('unrecognised', T('verify.detail.unrecognised'));
  }
}

async function refresh() {
  await loadTrust();
  await verifyNow();
}

async function main() {
  document.body.dataset.state = 'loading';
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/v-sw.js', { scope: '/v' }).catch(() => {
      /* no offline copy this time; verification still runs */
    });
  }
  await refresh();
  window.addEventListener('hashchange', () => void verifyNow());
  window.addEventListener('online', () => void refresh());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void refresh();
  });
  setInterval(() => void refresh(), DAY_MS);
}

void main();
