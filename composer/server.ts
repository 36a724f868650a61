/**
 * Runs the composer in its own process (distributed mode). With `COMPOSER_WORKERS=N` (or `auto`:
 * one per core) this process only supervises N worker processes, each a full composer with its
 * own discovery through the registry, all listening on PORT with `reusePort` (the kernel spreads
 * connections across them); a worker that dies is restarted, SIGTERM drains them all. The
 * embedded mode (one process with the services) keeps one composer: its registry is in memory.
 */
import { accessKeysEnv } from "@tessera/chassis/access";
import { loadConfig } from "@tessera/chassis/config";
import {
  exitOnStartFailure,
  isWorker,
  onShutdownSignal,
  serve,
  superviseWorkers,
  workerCount,
} from "@tessera/chassis/lifecycle";
import { createLogger } from "@tessera/chassis/log";
import { createComposer } from "./app.ts";
import { composerConfig } from "./config.ts";
import packageJson from "./package.json" with { type: "json" };

let workers = 1;
try {
  workers = workerCount(process.env.COMPOSER_WORKERS, "COMPOSER_WORKERS");
} catch (error) {
  exitOnStartFailure(error);
}

if (workers > 1 && !isWorker()) {
  const config = (() => {
    try {
      return loadConfig(composerConfig);
    } catch (error) {
      return exitOnStartFailure(error);
    }
  })();
  const log = createLogger({
    service: "composer",
    version: config.SERVICE_VERSION ?? packageJson.version,
    level: config.LOG_LEVEL,
  });
  // the workers must sign internal tokens and CSRF tokens with one key: make it here when unset
  if (!process.env.ACCESS_SIGNING_KEYS)
    process.env.ACCESS_SIGNING_KEYS = (await accessKeysEnv()).ACCESS_SIGNING_KEYS;
  const supervisor = superviseWorkers({
    count: workers,
    port: config.PORT,
    hostname: config.HOST,
    log,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
  });
  log.info({ port: supervisor.port, workers }, "supervising composer workers");
  onShutdownSignal(() => supervisor.stop(), log, config.SHUTDOWN_TIMEOUT_MS + 1000);
} else {
  const composer = await createComposer().catch(exitOnStartFailure);
  const server = serve({
    fetch: composer.app.fetch,
    port: composer.config.PORT,
    hostname: composer.config.HOST,
    reusePort: workers > 1,
  });
  composer.log.info({ url: server.url, worker: process.env.TESSERA_WORKER }, "listening");
  composer.listening(String(server.url));
  onShutdownSignal(
    async () => {
      composer.drain();
      await server.stop();
      await composer.close();
    },
    composer.log,
    composer.config.SHUTDOWN_TIMEOUT_MS,
  );
}
