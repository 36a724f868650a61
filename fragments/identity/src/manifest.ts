/**
 * What identity's service declares about its fragments in `GET /fragments/manifest.json`:
 * endpoints, parameters, fallbacks and the component each page holds; and the build facts of its
 * federated remote (server side only, not part of the browser bundle).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import { PASSWORD_FIELD_TAG } from "./tags.ts";

const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

/** The fragments' version, from their package.json. */
export const version: string = packageJson.version;

/** Absolute path of `fragments/identity/dist`, where rspack writes `mf-manifest.json`, `remoteEntry.js` and chunks. */
export const distDir: string = fileURLToPath(new URL("../dist", import.meta.url));

/**
 * The Module Federation remote: its container name, its manifest file (in `distDir`), and for each
 * exposed module the custom element that loading it defines.
 */
export const federation = {
  name: "tessera_identity",
  version,
  manifest: "mf-manifest.json",
  exposes: { "./password-field": PASSWORD_FIELD_TAG },
} as const;

const fallback = (text: string) => `<p class="fragment-fallback">${text}</p>`;

/**
 * The fragments; `element` is the component a page holds (in its form, not at its root), which the
 * shell hydrates when the page shows it, and `module` the federated module that defines it.
 */
export const fragments: FragmentManifest["fragments"] = {
  "login-page": {
    endpoint: "/fragments/login-page",
    params: ["error", "field", "email", "returnTo"],
    element: PASSWORD_FIELD_TAG,
    module: "identity/password-field",
    fallback: fallback("Signing in is not possible right now. Please try again in a few minutes."),
  },
  "register-page": {
    endpoint: "/fragments/register-page",
    params: ["error", "field", "name", "email", "returnTo"],
    element: PASSWORD_FIELD_TAG,
    module: "identity/password-field",
    fallback: fallback("Creating an account is not possible right now. Please try again in a few minutes."),
  },
  "account-page": {
    endpoint: "/fragments/account-page",
    params: ["error", "field", "recipient", "street", "postcode", "city", "country"],
    fallback: fallback("Your account cannot be shown right now. Please try again in a few minutes."),
  },
  "account-link": {
    endpoint: "/fragments/account-link",
    params: [],
    fallback: '<a href="/account">Your account</a>',
  },
};
