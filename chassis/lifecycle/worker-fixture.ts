/** A worker for workers.test.ts: answers its pid on PORT (shared with reusePort), drains on SIGTERM. */
import { onShutdownSignal, serve } from "./index.ts";

const server = serve({
  port: Number(process.env.PORT),
  hostname: "127.0.0.1",
  reusePort: true,
  fetch: async (request) => {
    if (new URL(request.url).pathname === "/slow") await Bun.sleep(300);
    return new Response(String(process.pid));
  },
});
onShutdownSignal(() => server.stop());
