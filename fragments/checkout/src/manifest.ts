/**
 * Build facts about checkout's fragments for the server side (the service's manifest and asset
 * routes). Not part of the browser bundle.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ADD_TO_CART_TAG, MINI_CART_POPOVER_TAG, MINI_CART_TAG } from "./tags";

const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

/** Absolute path of `fragments/checkout/dist`, where rspack writes `mf-manifest.json`, `remoteEntry.js` and chunks. */
export const distDir: string = fileURLToPath(new URL("../dist", import.meta.url));

/** The fragments' version, from their package.json. */
export const version: string = packageJson.version;

/**
 * The Module Federation remote: its container name, its manifest file (in `distDir`), and for each
 * exposed module the custom element that loading it defines.
 */
export const federation = {
  name: "tessera_checkout",
  version,
  manifest: "mf-manifest.json",
  exposes: {
    "./add-to-cart": ADD_TO_CART_TAG,
    "./mini-cart": MINI_CART_TAG,
    "./mini-cart-popover": MINI_CART_POPOVER_TAG,
  },
} as const;
