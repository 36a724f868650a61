/**
 * Build facts about explore's components for the server side (fragment manifest, asset server).
 * Not part of the browser bundle.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { STORE_PICKER_TAG } from "./tags";

const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

/** Absolute path of `fragments/explore/dist`, where rspack writes the federated remote. */
export const distDir: string = fileURLToPath(new URL("../dist", import.meta.url));

/** The fragments' version, from their package.json. */
export const version: string = packageJson.version;

/** The Module Federation remote: container name, manifest file, and the element each expose defines. */
export const federation = {
  name: "tessera_explore",
  version,
  manifest: "mf-manifest.json",
  exposes: { "./store-picker": STORE_PICKER_TAG },
} as const;
