/**
 * References, not peers (run them with `--systems=…,bun-bare,bun-wire`): the least a streaming
 * composer on Bun can do — `Bun.serve`, every fragment fetched at once, the page streamed in
 * order. No template parsing per request, no manifest, no timeouts, no telemetry, no CSRF, no
 * spans. The gap between them and Tessera is what Tessera's own layers cost. Flat pages (no
 * nesting).
 * - `bun-bare` fetches with Bun's `fetch`;
 * - `bun-wire` with Tessera's wire client (`chassis/http/wire.ts`, as Tessera's fragment fetches):
 *   the floor under Tessera on the same client.
 */
import { fileURLToPath } from "node:url";
import { flatFragments, PAGE_HEAD, PAGE_TAIL, PAGES, type PageId } from "../pages.ts";
import { freePort, spawnChild } from "../process.ts";
import type { System } from "./system.ts";

type Client = "fetch" | "wire";

function reference(name: string, client: Client): System {
  return {
    name,
    runtime: `Bun.serve + ${client === "wire" ? "Tessera's wire client" : "fetch"}, no framework (reference)`,
    async start({ fragments, tmp, root, workers }) {
      const port = await freePort();
      const child = spawnChild(name, [process.execPath, fileURLToPath(import.meta.url)], {
        cwd: root,
        env: {
          BENCH_FRAGMENTS: fragments,
          BENCH_PORT: String(port),
          BENCH_WORKERS: String(workers),
          BENCH_CLIENT: client,
        },
        logFile: `${tmp}/${name}.log`,
      });
      return {
        base: `http://127.0.0.1:${port}`,
        paths: { three: "/three", slow: "/slow" },
        nested: [{ path: "/nested", how: "no: the 10 fragments listed flat" }],
        child,
      };
    },
  };
}

export const bunBare = reference("bun-bare", "fetch");
export const bunWire = reference("bun-wire", "wire");

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
  // bun-bare loads nothing of Tessera's
  const wire =
    process.env.BENCH_CLIENT === "wire"
      ? (await import("@tessera/chassis/http")).createWireClient()
      : undefined;
  /** A fragment's body: whole (the wire client, when it came with the head) or a stream. */
  const get = (url: string): Promise<Uint8Array | ReadableStream<Uint8Array> | null> =>
    wire ? wire.request(url).then((answer) => answer.body) : fetch(url).then((response) => response.body);
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
      const pending = urls.map(get);
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(head);
          for (const fragment of pending) {
            const answer = await fragment;
            if (answer instanceof Uint8Array) controller.enqueue(answer);
            else if (answer) for await (const chunk of answer) controller.enqueue(chunk);
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
