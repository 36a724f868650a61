/**
 * A process for lifecycle.test.ts: logs numbered lines to stdout (as a service does) until SIGTERM,
 * then shuts down — cleanly, or failing with FAIL's message. Says "ready" on stderr once its
 * signal handler is in place.
 */
import { createLogger } from "../log/index.ts";
import { onShutdownSignal } from "./index.ts";

const log = createLogger({ service: "fixture", version: "1.0.0" });
let seq = 0;
const busy = setInterval(() => {
  for (let i = 0; i < 10; i++) log.info({ seq: seq++, pad: "x".repeat(200) }, "working");
}, 2);
onShutdownSignal(async () => {
  clearInterval(busy);
  if (process.env.FAIL) throw new Error(process.env.FAIL);
}, log);
process.stderr.write("ready\n");
