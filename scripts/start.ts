/**
 * `npm start`: builds the browser assets, starts the embedded storefront and prints its URLs.
 * `--no-build` skips the build (the assets are already built).
 */
import { loadConfig, port, z } from "@tessera/chassis/config";
import { exitOnStartFailure, onShutdownSignal } from "@tessera/chassis/lifecycle";
import { buildAll } from "./build.ts";
import { DEFAULT_OPERATOR_EMAIL, DEFAULT_OPERATOR_PASSWORD, startEmbedded } from "./embedded.ts";

const started = performance.now();
console.log("Tessera — starting the embedded storefront (one process, PGlite per service, in-process bus)");
if (!process.argv.includes("--no-build")) await buildAll();
const ports = (() => {
  try {
    return loadConfig(z.object({ PORT: port(3000), SERVICE_PORT_BASE: port(3001) }));
  } catch (error) {
    return exitOnStartFailure(error);
  }
})();
const storefront = await startEmbedded({ port: ports.PORT, servicePortBase: ports.SERVICE_PORT_BASE }).catch(
  exitOnStartFailure,
);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`
Ready in ${seconds} s. Open:
  storefront   ${storefront.url}/
${storefront.services.map((s) => `  ${s.name.padEnd(12)} ${s.url}/health/ready   ${s.url}/metrics`).join("\n")}
  gateway      ${storefront.url}/api/catalog/products/CL-01-GR
  ops          ${storefront.url}/ops/health   /ops/logs   /ops/traces   /ops/exceptions   /ops/metrics   /ops/audit
  operator     ${process.env.OPERATOR_EMAIL ?? DEFAULT_OPERATOR_EMAIL} / ${process.env.OPERATOR_PASSWORD ? "(OPERATOR_PASSWORD)" : DEFAULT_OPERATOR_PASSWORD}   (sign in at ${storefront.url}/account/login to open /ops)
Logs are JSON lines below (pipe through \`npx pino-pretty\` to read them). Ctrl-C stops.
`);
onShutdownSignal(() => storefront.stop());
