/**
 * The lit modules the shell provides to every remote through Module Federation's share scope.
 *
 * The shell is the page's one lit provider: it evaluates lit after the hydration support, so the
 * remotes must consume these instances rather than their fallbacks. Keep this list in step with
 * the `shared` list of every remote's rspack config (each entry point a remote may import).
 * A runtime-only host declares versions by hand; they are injected from the installed
 * package.json files at build time.
 */

import * as reactiveElement from "@lit/reactive-element";
import type { createInstance } from "@module-federation/runtime";
import * as lit from "lit";
import * as litDecorators from "lit/decorators.js";
import * as litElement from "lit-element/lit-element.js";
import * as litHtml from "lit-html";

type SharedModules = NonNullable<Parameters<typeof createInstance>[0]["shared"]>;

function singleton(version: string, module: object): SharedModules[string] {
  return { version, lib: () => module, shareConfig: { singleton: true, requiredVersion: `^${version}` } };
}

const versions = __TESSERA_LIT_VERSIONS__;

/** Share-scope entries for lit, keyed by import specifier. */
export const sharedModules: SharedModules = {
  lit: singleton(versions.lit, lit),
  "lit/decorators.js": singleton(versions.lit, litDecorators),
  "lit-html": singleton(versions["lit-html"], litHtml),
  "lit-element/lit-element.js": singleton(versions["lit-element"], litElement),
  "@lit/reactive-element": singleton(versions["@lit/reactive-element"], reactiveElement),
};
