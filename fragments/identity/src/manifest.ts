/**
 * What identity's service declares about its fragments in `GET /fragments/manifest.json`:
 * endpoints, parameters and fallbacks. They are plain server HTML: no custom elements, no
 * federated remote, no JavaScript.
 */
import { readFileSync } from "node:fs";
import type { FragmentManifest } from "@tessera/contracts/fragment-manifest";

const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

/** The fragments' version, from their package.json. */
export const version: string = packageJson.version;

const fallback = (text: string) => `<p class="fragment-fallback">${text}</p>`;

export const fragments: FragmentManifest["fragments"] = {
  "login-page": {
    endpoint: "/fragments/login-page",
    params: ["error", "field", "email", "returnTo"],
    fallback: fallback("Signing in is not possible right now. Please try again in a few minutes."),
  },
  "register-page": {
    endpoint: "/fragments/register-page",
    params: ["error", "field", "name", "email", "returnTo"],
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
