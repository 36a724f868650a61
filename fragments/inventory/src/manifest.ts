/**
 * Build facts about the inventory fragments for the server side. There is no federated remote:
 * the stock badge is plain server-rendered HTML (Declarative Shadow DOM), so the manifest names
 * no element, module or federation.
 */
import { readFileSync } from "node:fs";

const packageJson = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

/** The fragments' version, from their package.json. */
export const version: string = packageJson.version;
