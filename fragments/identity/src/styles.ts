/**
 * The identity fragments' styles, scoped to their boundaries so they style nothing else on the
 * page. Colours meet WCAG AA contrast; every control shows a visible focus ring.
 *
 * Fragments sit in the page's `<body>`, where `<style>` is not allowed (HTML: "where metadata
 * content is expected") but `<link rel="stylesheet">` is ("body-ok"). Identity serves no asset
 * files yet, so each stylesheet travels as a `data:` URL; a content-hashed file under
 * `/assets/` (as catalog and explore serve theirs) would let the browser cache it.
 */
import { escapeHtml, Html } from "@tessera/chassis/html";

/** A `<link rel="stylesheet">` carrying `css` in a `data:` URL (whitespace collapsed; `%`, `#` encoded). */
export function stylesheetLink(css: string): Html {
  const url = `data:text/css,${css.replace(/\s+/g, " ").trim().replace(/[%#]/g, encodeURIComponent)}`;
  return new Html(`<link rel="stylesheet" href="${escapeHtml(url)}">`);
}

export const pageStyles = stylesheetLink(`
[data-boundary^="identity/"].identity-page { max-width: 32rem; margin: 0 auto; color: #1d1d1f; line-height: 1.5; }
[data-boundary="identity/account-page"].identity-page { max-width: 48rem; }
.identity-page h1 { font-size: clamp(1.5rem, 3vw, 2rem); margin: 0 0 1rem; }
.identity-page h2 { font-size: 1.25rem; margin: 2rem 0 0.75rem; }
.identity-page form { display: grid; gap: 1rem; }
.identity-page .field { display: grid; gap: 0.3rem; }
.identity-page label { font-weight: 600; }
.identity-page .hint { color: #4b5563; font-size: 0.9rem; margin: 0; }
.identity-page input { font: inherit; padding: 0.6rem 0.75rem; border: 1px solid #6b7280; border-radius: 0.5rem; background: #fff; color: inherit; }
.identity-page input[aria-invalid="true"] { border: 2px solid #b00020; }
.identity-page button { font: inherit; font-weight: 600; padding: 0.7rem 1.2rem; border: 2px solid #1f3a2b; border-radius: 0.5rem; background: #1f3a2b; color: #fff; cursor: pointer; justify-self: start; }
.identity-page button:hover { background: #2d5540; }
.identity-page button.secondary { background: #fff; color: #1f3a2b; }
.identity-page a { color: #1f4fa8; }
.identity-page :is(a, input, button):focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
.identity-page .error { border: 1px solid #b00020; border-left-width: 6px; background: #fdecee; color: #7a0016; padding: 0.75rem 1rem; border-radius: 0.5rem; margin: 0 0 1rem; }
.identity-page .notice { border: 1px solid #9a6700; background: #fff8e5; color: #5c3d00; padding: 0.75rem 1rem; border-radius: 0.5rem; }
.identity-page dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0 0 1rem; }
.identity-page dt { font-weight: 600; }
.identity-page dd { margin: 0; overflow-wrap: anywhere; }
.identity-page .orders { list-style: none; padding: 0; margin: 0; display: grid; gap: 1rem; }
.identity-page .order { border: 1px solid #d1d5db; border-radius: 0.75rem; padding: 1rem; background: #fff; }
.identity-page .order h3 { margin: 0 0 0.25rem; font-size: 1.05rem; }
.identity-page .order p { margin: 0 0 0.5rem; color: #374151; }
.identity-page table { width: 100%; border-collapse: collapse; font-size: 0.95rem; }
.identity-page th, .identity-page td { text-align: left; padding: 0.35rem 0.5rem 0.35rem 0; border-top: 1px solid #e5e7eb; }
.identity-page td.num, .identity-page th.num { text-align: right; }
.identity-page .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`);

export const linkStyles = stylesheetLink(`
[data-boundary="identity/account-link"] a { color: inherit; font-weight: 600; text-decoration: none; }
[data-boundary="identity/account-link"] a:hover { text-decoration: underline; }
[data-boundary="identity/account-link"] a:focus-visible { outline: 3px solid #ffd166; outline-offset: 3px; border-radius: 4px; }
`);
