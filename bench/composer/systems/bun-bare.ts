/**
 * References, not peers (run them with `--systems=…,bun-bare,bun-wire`): the least a streaming
 * composer on Bun can do — `Bun.serve`, every fragment fetched at once, the page streamed in
 * order. No template parsing per request, no manifest, no timeouts, no telemetry, no CSRF, no
 * spans. The gap between them and Tessera is what Tessera's own layers cost. Flat pages (no
 * nesting).
 * - `bun-bare` fetches with Bun's `fetch`;
 * - `bun-wire` with Tessera's wire client (`chassis/http/wire.ts`, as Tessera's fragment fetches):
 *   the floor under Tessera on the same client;
 * - `bun-batch` with the wire client and one fragment batch per page (`chassis/http/fragment-batch.ts`,
 *   as Tessera's composer asks a team that offers batches): the floor under Tessera's batches.
 */
import { fileURLToPath } from "node:url";
import { BATCH_PATH, flatFragments, PAGE_HEAD, PAGE_TAIL, PAGES, type PageId } from "../pages.ts";
import { freePort, spawnChild } from "../process.ts";
import type { System } from "./system.ts";

type Client = "fetch" | "wire" | "batch";

function reference(name: string, client: Client): System {
  return {
    name,
    runtime: `Bun.serve + ${client === "wire" ? "Tessera's wire client" : client === "batch" ? "wire client, one fragment batch a page" : "fetch"}, no framework (reference)`,
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
export const bunBatch = reference("bun-batch", "batch");

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
    process.env.BENCH_CLIENT !== "fetch"
      ? (await import("@tessera/chassis/http")).createWireClient()
      : undefined;
  // bun-batch: the same, one fragment batch request per page (chassis/http/fragment-batch.ts)
  const batches = process.env.BENCH_CLIENT === "batch" ? await import("@tessera/chassis/http") : undefined;
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
      if (batches) {
        // one batch request per page: its parts enqueued in page order as they arrive
        const paths = urls.map((u) => u.slice(fragments.length));
        const parts: Uint8Array[] = [];
        let wake: (() => void) | undefined;
        const decoder = new batches.BatchDecoder(paths.length);
        const take = (index: number, answer: { body: Uint8Array | ReadableStream<Uint8Array> }) => {
          parts[index] = answer.body as Uint8Array;
          wake?.();
        };
        const read = get(
          fragments +
            batches.batchTarget(
              BATCH_PATH,
              paths.map((path) => ({ path })),
            ),
        ).then(async (body) => {
          if (body instanceof Uint8Array) decoder.feed(body, take);
          else if (body) for await (const chunk of body) decoder.feed(chunk, take);
        });
        const body = new ReadableStream<Uint8Array>({
          async start(controller) {
            controller.enqueue(head);
            for (let i = 0; i < paths.length; i++) {
              while (!parts[i]) await new Promise<void>((resolve) => (wake = resolve));
              controller.enqueue(parts[i] as Uint8Array);
            }
            await read;
            controller.enqueue(tail);
            controller.close();
          },
        });
        return new Response(body, { headers: { "content-type": "text/html; charset=utf-8" } });
      }
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
