/**
 * A reference, not a peer (run it with `--systems=…,bun-bare`): the least a streaming composer
 * on Bun can do — `Bun.serve`, every fragment fetched at once with `fetch`, the page streamed in
 * order. No template parsing per request, no manifest, no timeouts, no telemetry. The gap
 * between it and Tessera is what Tessera's own layers cost. Flat pages (no nesting).
 */
import { fileURLToPath } from "node:url";
import { flatFragments, PAGE_HEAD, PAGE_TAIL, PAGES, type PageId } from "../pages.ts";
import { freePort, spawnChild } from "../process.ts";
import type { System } from "./system.ts";

export const bunBare: System = {
  name: "bun-bare",
  runtime: "Bun.serve + fetch, no framework (reference)",
  async start({ fragments, tmp, root, workers }) {
    const port = await freePort();
    const child = spawnChild("bun-bare", [process.execPath, fileURLToPath(import.meta.url)], {
      cwd: root,
      env: { BENCH_FRAGMENTS: fragments, BENCH_PORT: String(port), BENCH_WORKERS: String(workers) },
      logFile: `${tmp}/bun-bare.log`,
    });
    return {
      base: `http://127.0.0.1:${port}`,
      paths: { three: "/three", slow: "/slow" },
      nested: [{ path: "/nested", how: "no: the 10 fragments listed flat" }],
      child,
    };
  },
};

const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);

if (import.meta.main && WORKERS > 1 && !process.env.TESSERA_WORKER) {
  const { superviseWorkers } = await import("@tessera/chassis/lifecycle");
  const { default: pino } = await import("pino");
  const supervisor = superviseWorkers({
    count: WORKERS,
    port: Number(process.env.BENCH_PORT),
    hostname: "127.0.0.1",
    portVariable: "BENCH_PORT",
    log: pino({ level: "warn" }),
    command: [process.execPath, import.meta.path],
  });
  process.on("SIGTERM", async () => {
    await supervisor.stop();
    process.exit(0);
  });
} else if (import.meta.main) {
  const fragments = process.env.BENCH_FRAGMENTS as string;
  const encoder = new TextEncoder();
  const head = encoder.encode(PAGE_HEAD);
  const tail = encoder.encode(PAGE_TAIL);
  const pages = new Map(
    (Object.keys(PAGES) as PageId[]).map((id) => [
      `/${id}`,
      flatFragments(PAGES[id]).map((name) => `${fragments}/frag/${name}`),
    ]),
  );
  const server = Bun.serve({
    port: Number(process.env.BENCH_PORT),
    hostname: "127.0.0.1",
    reusePort: WORKERS > 1,
    idleTimeout: 60,
    fetch(request) {
      const urls = pages.get(new URL(request.url).pathname);
      if (!urls) return new Response("not found", { status: 404 });
      const pending = urls.map((url) => fetch(url));
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(head);
          for (const response of pending) {
            const r = await response;
            for await (const chunk of r.body as ReadableStream<Uint8Array>) controller.enqueue(chunk);
          }
          controller.enqueue(tail);
          controller.close();
        },
      });
      return new Response(body, { headers: { "content-type": "text/html; charset=utf-8" } });
    },
  });
  process.on("SIGTERM", () => {
    server.stop(true);
    process.exit(0);
  });
}
