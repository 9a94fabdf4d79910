/**
 * The verify page's service worker (served at /v-sw.js, scope /v): keeps the
 * page, its script and styles, and the root-signed trust list, so /v#… verifies
 * with no network after the first visit. Page and trust list: network first
 * (a fresh trust list whenever online), cache when offline. Hashed assets:
 * cache first (their URL changes with their bytes).
 */
declare const __PRECACHE__: string[];
declare const __VERSION__: string;

// The DOM lib this tree compiles with lacks the service worker types: the few used here.
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(r: Promise<Response> | Response): void;
}
interface SwScope {
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
}
const sw = self as unknown as SwScope;
const CACHE = `pmc-verify-${__VERSION__}`;
const PAGE = '/v';
const TRUST = '/.well-known/pmc/trust.jws';

sw.addEventListener('install', (e) => {
  e.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll([PAGE, TRUST, ...__PRECACHE__]);
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (e) => {
  e.waitUntil(
    (async () => {
      for (const k of await caches.keys())
        if (k.startsWith('pmc-verify-') && k !== CACHE) await caches.delete(k);
      await sw.clients.claim();
    })(),
  );
});

async function networkFirst(req: Request, key: string): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(req);
    if (res.ok) await cache.put(key, res.clone());
    return res;
  } catch {
    const hit = await cache.match(key);
    // Marked, so the page knows it is offline (and ignores this copy's old Date header).
    if (hit) {
      const headers = new Headers(hit.headers);
      headers.set('x-pmc-sw-cache', '1');
      return new Response(hit.body, { status: hit.status, headers });
    }
    throw new Error('offline and not cached');
  }
}

sw.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== location.origin) return;
  if (url.pathname === PAGE && e.request.mode === 'navigate') {
    e.respondWith(networkFirst(e.request, PAGE));
  } else if (url.pathname === TRUST) {
    e.respondWith(networkFirst(e.request, TRUST));
  } else if (__PRECACHE__.includes(url.pathname)) {
    e.respondWith(caches.match(url.pathname).then((hit) => hit ?? fetch(e.request)));
  }
});
