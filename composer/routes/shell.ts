/** `/_shell/*`: the browser shell's built files, and the `<script>` tag that loads it. */

import { fileURLToPath } from "node:url";
import { serveFile } from "@tessera/chassis/service";
import { Hono } from "hono";

/** Where `bun shell/build.ts` writes the shell. */
export const SHELL_DIST = fileURLToPath(new URL("../../shell/dist", import.meta.url));

/** The shell's module script tag (with its SRI hash), or "" when the shell is not built. */
export async function shellScriptTag(dist = SHELL_DIST): Promise<string> {
  const file = Bun.file(`${dist}/shell-manifest.json`);
  if (!(await file.exists())) return "";
  const manifest = (await file.json()) as { entry: string; integrity: string };
  return `<script type="module" src="/_shell/${manifest.entry}" integrity="${manifest.integrity}" crossorigin="anonymous"></script>`;
}

export function shellRoutes(dist = SHELL_DIST): Hono {
  return new Hono().get("/_shell/*", (c) => serveFile(c, dist, c.req.path.replace(/^\/_shell\//, "")));
}
