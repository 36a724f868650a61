/**
 * node-tailor under Node, as its README runs it: `new Tailor({ templatesPath })` and its
 * `requestHandler` on a plain http server. TAILOR_CACHE=1 adds the `fetchTemplate` option that
 * keeps each parsed template (otherwise Tailor reads and parses the template on every request).
 *
 * Env: PORT, TEMPLATES (a directory of <page>.html), TAILOR_CACHE (0 or 1).
 */
import http from "node:http";
import Tailor from "node-tailor";
import fetchTemplateFromFs from "node-tailor/lib/fetch-template.js";

const templatesPath = process.env.TEMPLATES;
const options = { templatesPath };
if (process.env.TAILOR_CACHE === "1") {
  const fromFs = fetchTemplateFromFs(templatesPath);
  const cache = new Map();
  options.fetchTemplate = (request, parseTemplate) => {
    const key = new URL(request.url, "http://localhost").pathname;
    let parsed = cache.get(key);
    if (!parsed) {
      parsed = fromFs(request, parseTemplate);
      parsed.catch(() => cache.delete(key));
      cache.set(key, parsed);
    }
    return parsed;
  };
}
const tailor = new Tailor(options);
tailor.on("error", (_request, error) => console.error("tailor error:", error?.message ?? error));
const server = http.createServer(tailor.requestHandler);
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT), "127.0.0.1");
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
