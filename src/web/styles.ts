import { assetUrl } from './assets.ts';

/**
 * The stylesheets a page links, content-hashed and self-hosted (src/web/assets.ts):
 * weui (WeChat's CSS) for the phone pages, our own sheet (src/web/client/web.css:
 * dense office tables, the card and letter print views) for every page.
 */
export type PageKind = 'phone' | 'office' | 'print';

export function stylesheets(kind: PageKind): string[] {
  return kind === 'phone' ? [assetUrl('weui.css'), assetUrl('web.css')] : [assetUrl('web.css')];
}
