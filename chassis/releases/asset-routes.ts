/**
 * A team service's `GET /assets/*`: the built-in federated remote from the team's `dist/` (hashed
 * files immutable, the rest revalidated, CORS for the MF manifest's `fetch`), and a deployed
 * release's remote under `/assets/releases/<version>/` (immutable, see `serveAsset`).
 *
 * @example
 * app.route("/assets", remoteAssetRoutes(fragmentReleases, distDir));
 */
import { Hono } from "hono";
import { serveFile } from "../service/static.ts";
import type { FragmentReleases } from "./fragment-releases.ts";

export function remoteAssetRoutes(releases: () => FragmentReleases, distDir: string): Hono {
  return new Hono().get("/*", async (c) => {
    const path = c.req.path.replace(/^\/assets\//, "");
    return (await releases().serveAsset(path)) ?? serveFile(c, distDir, path, { cors: true });
  });
}
