/** Runs the composer in its own process (distributed mode). */
import { exitOnStartFailure, onShutdownSignal, serve } from "@tessera/chassis/lifecycle";
import { createComposer } from "./app.ts";

const composer = await createComposer().catch(exitOnStartFailure);
const server = serve({
  fetch: composer.app.fetch,
  port: composer.config.PORT,
  hostname: composer.config.HOST,
});
composer.log.info({ url: server.url }, "listening");
onShutdownSignal(
  async () => {
    composer.drain();
    await server.stop();
    await composer.close();
  },
  composer.log,
  composer.config.SHUTDOWN_TIMEOUT_MS,
);
