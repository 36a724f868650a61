/** `npm start`: builds the browser assets, starts the embedded storefront and prints its URLs. */
import { exitOnStartFailure, onShutdownSignal } from "@tessera/chassis/lifecycle";
import { buildAll } from "./build.ts";
import { startEmbedded } from "./embedded.ts";

const started = performance.now();
console.log("Tessera — starting the embedded storefront (one process, PGlite per service, in-process bus)");
await buildAll();
const port = Number(process.env.PORT ?? 3000);
const storefront = await startEmbedded({ port }).catch(exitOnStartFailure);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`
Ready in ${seconds} s. Open:
  storefront   ${storefront.url}/
${storefront.services.map((s) => `  ${s.name.padEnd(12)} ${s.url}/health/ready   ${s.url}/metrics`).join("\n")}
  gateway      ${storefront.url}/api/catalog/products/CL-01-GR
Logs are JSON lines below (pipe through \`npx pino-pretty\` to read them). Ctrl-C stops.
`);
onShutdownSignal(() => storefront.stop());
