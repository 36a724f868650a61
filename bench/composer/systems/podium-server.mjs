/**
 * A @podium/layout server under Node on plain node:http, as its README describes it: an
 * `HttpIncoming` per request, `layout.process()`, every podlet fetched in parallel, then
 * `layout.render()` of the body (Podium answers once every podlet has answered; it does not
 * stream). The client's timeout is raised above the slow podlet's 2 s (its 1 s default would
 * silently serve the empty fallback).
 *
 * Env: PORT, FRAGMENTS (the fragment server), PAGES (JSON: path → podlet names), TIMEOUT_MS.
 */
import http from "node:http";
import Layout from "@podium/layout";
import { HttpIncoming } from "@podium/utils";

const timeout = Number(process.env.TIMEOUT_MS);
const pages = JSON.parse(process.env.PAGES);
const layout = new Layout({ name: "benchLayout", pathname: "/", client: { timeout } });
const podlets = new Map();
for (const names of Object.values(pages))
  for (const name of names)
    if (!podlets.has(name))
      podlets.set(
        name,
        layout.client.register({
          name,
          uri: `${process.env.FRAGMENTS}/podium/${name}/manifest.json`,
          timeout,
        }),
      );

const server = http.createServer(async (req, res) => {
  try {
    const incoming = new HttpIncoming(req, res, {});
    const processed = await layout.process(incoming);
    if (!processed) return; // answered by the Podium proxy
    const names = pages[new URL(req.url, "http://localhost").pathname];
    if (!names) {
      res.writeHead(404).end("no such page");
      return;
    }
    const parts = await Promise.all(names.map((name) => podlets.get(name).fetch(incoming)));
    const document = layout.render(incoming, parts.map(String).join("\n"));
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(document);
  } catch (error) {
    console.error("podium error:", error);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  }
});
server.keepAliveTimeout = 60_000;
await layout.client.refreshManifests();
server.listen(Number(process.env.PORT), "127.0.0.1");
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
