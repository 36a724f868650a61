/**
 * Starts fetching a remote's `remoteEntry.js` and the chunk of the exposed module at the same time
 * as its `mf-manifest.json`, instead of one after the other: the Module Federation runtime reads
 * the manifest, then creates the entry's `<script>`, which then loads the module's chunk. A
 * `<link rel="preload" as="script">` with the same URL, `crossorigin` and integrity as those
 * scripts (the shell's own, see federation.ts, and rspack's chunk loader: `crossOriginLoading:
 * "anonymous"` with the SRI hash) lets the browser reuse the download. Only for files whose hash
 * the page lists (otherwise the script would not match), and once per URL (the composer may
 * already preload a remote from the head).
 */
import { remoteBase } from "./integrity";
import type { RemoteRef } from "./page-data";

const ENTRY = "remoteEntry.js";

export interface Preload {
  href: string;
  integrity: string;
}

/**
 * The scripts of `expose` (e.g. `mini-cart`) the page can vouch for: the remote's entry, and the
 * chunk rspack names `__federation_expose_<expose, - as _>.<hash>.js`.
 */
export function scriptsOf(remote: RemoteRef, expose: string, base: string): Preload[] {
  const integrity = remote.integrity ?? {};
  const dir = remoteBase(remote, base);
  const chunk = `__federation_expose_${expose.replace(/[^A-Za-z0-9]/g, "_")}.`;
  const files = Object.keys(integrity).filter(
    (file) =>
      file === ENTRY || (file.startsWith(chunk) && /^[A-Za-z0-9]+\.js$/.test(file.slice(chunk.length))),
  );
  return files.map((file) => ({ href: `${dir}${file}`, integrity: integrity[file] as string }));
}

/** Adds a preload link per script of `module` (`alias/expose`) to the head, unless one is there. */
export function preloadModule(remote: RemoteRef, module: string, doc: Document = document): void {
  const expose = module.slice(module.indexOf("/") + 1);
  const present = new Set(
    [...doc.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="script"]')].map((l) => l.href),
  );
  for (const { href, integrity } of scriptsOf(remote, expose, doc.baseURI)) {
    if (present.has(href)) continue;
    const link = doc.createElement("link");
    link.rel = "preload";
    link.as = "script";
    link.crossOrigin = "anonymous";
    link.integrity = integrity;
    link.href = href;
    doc.head.append(link);
  }
}
