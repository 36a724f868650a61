/**
 * Build facts about the payments fragments for the server side: the version and the stylesheet,
 * named by a hash of its content (so it can be cached for a year). There is no federated remote.
 */
import { readFileSync } from "node:fs";
import { PAYMENT_METHOD_CSS } from "./styles";

const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

/** The fragments' version, from their package.json. */
export const version: string = packageJson.version;

function digest(algorithm: "sha256" | "sha384", encoding: "hex" | "base64"): string {
  return new Bun.CryptoHasher(algorithm).update(PAYMENT_METHOD_CSS).digest(encoding);
}

/** The payment-method stylesheet: its file name (content-hashed), its text and its SRI integrity. */
export const stylesheet = {
  file: `payment-method.${digest("sha256", "hex").slice(0, 12)}.css`,
  css: PAYMENT_METHOD_CSS,
  integrity: `sha384-${digest("sha384", "base64")}`,
} as const;
