/**
 * Build facts about the payments fragments for the server side: the version, where the federated
 * remote is built, and the stylesheet, named by a hash of its content (so it can be cached for a
 * year). Not part of the browser bundle.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PAYMENT_METHOD_CSS } from "./styles";
import { METHOD_PICKER_TAG } from "./tags";

const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

/** Absolute path of `fragments/payments/dist`, where rspack writes `mf-manifest.json`, `remoteEntry.js` and chunks. */
export const distDir: string = fileURLToPath(new URL("../dist", import.meta.url));

/** The fragments' version, from their package.json. */
export const version: string = packageJson.version;

/**
 * The Module Federation remote: its container name, its manifest file (in `distDir`), and for each
 * exposed module the custom element that loading it defines.
 */
export const federation = {
  name: "tessera_payments",
  version,
  manifest: "mf-manifest.json",
  exposes: { "./payment-method": METHOD_PICKER_TAG },
} as const;

function digest(algorithm: "sha256" | "sha384", encoding: "hex" | "base64"): string {
  return new Bun.CryptoHasher(algorithm).update(PAYMENT_METHOD_CSS).digest(encoding);
}

/** The payment-method stylesheet: its file name (content-hashed), its text and its SRI integrity. */
export const stylesheet = {
  file: `payment-method.${digest("sha256", "hex").slice(0, 12)}.css`,
  css: PAYMENT_METHOD_CSS,
  integrity: `sha384-${digest("sha384", "base64")}`,
} as const;
