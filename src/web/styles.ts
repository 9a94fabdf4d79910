/**
 * The stylesheets a page links: weui (WeChat's CSS, self-hosted) for the phone
 * pages, our own sheet for both. Stable /assets paths until the hashed asset
 * manifest (src/web/assets.ts) serves them.
 */
export type PageKind = 'phone' | 'office' | 'print';

export function stylesheets(kind: PageKind): string[] {
  return kind === 'phone'
    ? ['/assets/vendor/weui.min.css', '/assets/web.css']
    : ['/assets/web.css'];
}
