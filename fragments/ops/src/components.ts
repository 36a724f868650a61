/**
 * ops' Lit components rendered on the server (Lit SSR, Declarative Shadow DOM) into the pages'
 * escaped HTML; the content they wrap stays in the light DOM, slotted. The shell hydrates the
 * element when its module loads.
 */
import { render } from "@lit-labs/ssr";
import { collectResultSync } from "@lit-labs/ssr/lib/render-result.js";
import { Html } from "@tessera/chassis/html";
import { html } from "lit";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import "./auto-refresh-entry"; // defines <ops-auto-refresh> in the server's registry

/** Seconds between two refreshes of a page's live part. */
export const REFRESH_SECONDS = 5;

/** `content` (already escaped) inside `<ops-auto-refresh>`, refreshed from `href`'s same `region`. */
export function autoRefresh(content: Html, options: { href: string; region: string }): Html {
  return new Html(
    collectResultSync(
      render(
        html`<ops-auto-refresh href=${options.href} region=${options.region} interval=${REFRESH_SECONDS}>${unsafeHTML(content.value)}</ops-auto-refresh>`,
      ),
    ),
  );
}
