import { html } from "lit";

/**
 * The pages' styles, scoped to `.checkout` (the pages are light DOM so their forms can hold other
 * teams' controls: the store picker, the payment methods).
 */
const PAGE_CSS = `
  .checkout { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1d1f; line-height: 1.5; }
  .checkout h1 { font-size: clamp(1.6rem, 3vw, 2.2rem); margin: 0 0 1.25rem; }
  .checkout h2 { font-size: 1.125rem; margin: 0; }
  .checkout a { color: #1f3a2b; }
  .checkout a:focus-visible, .checkout .co-button:focus-visible, .checkout .co-input:focus-visible,
  .checkout .choice input:focus-visible { outline: 3px solid #b45309; outline-offset: 2px; }
  .checkout .alert { margin: 0 0 1.25rem; padding: 0.875rem 1rem; border: 2px solid #b91c1c; border-radius: 0.5rem; background: #fef2f2; color: #7f1d1d; font-weight: 600; }
  .checkout .notice { margin: 0 0 1.25rem; padding: 0.875rem 1rem; border-radius: 0.5rem; background: #eef6f0; }
  .checkout .layout { display: grid; gap: 2rem; grid-template-columns: minmax(0, 1fr); }
  @media (min-width: 56rem) { .checkout .layout { grid-template-columns: minmax(0, 2fr) minmax(16rem, 1fr); align-items: start; } }
  .checkout .lines { list-style: none; margin: 0; padding: 0; display: grid; gap: 1rem; }
  .checkout .line { display: grid; grid-template-columns: 6rem minmax(0, 1fr); gap: 0.75rem 1rem; padding: 1rem; border: 1px solid #e5e7eb; border-radius: 0.75rem; background: #fff; }
  .checkout .line img { inline-size: 6rem; block-size: auto; aspect-ratio: 4 / 3; object-fit: cover; border-radius: 0.5rem; background: #f3f4f6; }
  .checkout .line .actions { grid-column: 1 / -1; display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: end; justify-content: space-between; }
  .checkout .line form { display: flex; gap: 0.5rem; align-items: end; margin: 0; }
  .checkout .line .unavailable { color: #b91c1c; font-weight: 600; margin: 0; }
  .checkout .muted { color: #4b5563; margin: 0; }
  .checkout .co-field { display: flex; flex-direction: column; gap: 0.25rem; font-size: 0.875rem; font-weight: 600; }
  .checkout .co-input {
    font: inherit; min-block-size: 2.75rem; box-sizing: border-box; padding: 0.5rem 0.75rem;
    border: 1px solid #6b7280; border-radius: 0.5rem; background: #fff; color: inherit; }
  .checkout input[type="number"].co-input { inline-size: 5rem; }
  .checkout .co-button {
    display: inline-flex; align-items: center; justify-content: center; font: inherit; font-weight: 700;
    min-block-size: 2.75rem; padding: 0.5rem 1.125rem; border: 2px solid #1f3a2b; border-radius: 0.5rem;
    background: #1f3a2b; color: #fff; cursor: pointer; text-decoration: none; }
  .checkout .co-button.secondary { background: #fff; color: #1f3a2b; }
  .checkout .co-button:hover { background: #2f5a42; color: #fff; }
  .checkout .summary { padding: 1.25rem; border: 1px solid #e5e7eb; border-radius: 0.75rem; background: #fff; display: grid; gap: 0.75rem; }
  .checkout .summary ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
  .checkout .summary li, .checkout .total { display: flex; justify-content: space-between; gap: 1rem; }
  .checkout .total { font-size: 1.25rem; font-weight: 700; border-block-start: 1px solid #e5e7eb; padding-block-start: 0.75rem; margin: 0; }
  .checkout .co-form { display: grid; gap: 1.5rem; }
  .checkout .co-form > p { margin: 0; }
  .checkout .co-group { margin: 0; padding: 1rem 1.25rem 1.25rem; border: 1px solid #d1d5db; border-radius: 0.75rem; background: #fff; display: grid; gap: 1rem; }
  .checkout .co-group > legend { font-weight: 700; font-size: 1.125rem; padding: 0 0.25rem; }
  .checkout .choice { display: flex; gap: 0.5rem; align-items: center; font-weight: 600; }
  .checkout .choice input { inline-size: 1.25rem; block-size: 1.25rem; margin: 0; }
  .checkout .choice label { font-size: 1rem; }
  .checkout .fields { display: grid; gap: 0.75rem; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); }
  .checkout dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
  .checkout dt { font-weight: 600; }
  .checkout dd { margin: 0; }
`;

/**
 * The stylesheet as a `data:` URL (whitespace collapsed; `%` and `#` encoded). The pages sit in the
 * `<body>`, where `<style>` is not allowed but `<link rel="stylesheet">` is; a content-hashed file
 * under checkout's `/assets/` would also let the browser cache it.
 */
export const PAGE_STYLESHEET_URL = `data:text/css,${PAGE_CSS.replace(/\s+/g, " ")
  .trim()
  .replace(/[%#]/g, encodeURIComponent)}`;

export const pageStyle = html`<link rel="stylesheet" href=${PAGE_STYLESHEET_URL} />`;
