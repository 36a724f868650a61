/**
 * CPU time per page of Tessera's composer with no I/O: its JavaScript alone, far steadier than a
 * run under wrk (rounds of one build spread ±3–5%, against ±10–15%), for telling apart changes
 * of a few percent. The composer runs in this process, fed pages through `app.fetch`; its
 * sockets to the fragment server are replaced (`Bun.connect`) by ones that replay the server's
 * real answers, byte for byte, delivered together on the next macrotask as a socket's would be.
 * What it leaves out is the cost of the system calls, the kernel's and the HTTP server's.
 *
 * A/B: the working tree against a git ref (a copy, see snapshot.ts), in alternating rounds, each
 * round a fresh process.
 *
 * `--page=empty` composes the benchmark's page head and tail with no fragment: what a page costs
 * before its first fragment (telemetry, CSRF token, nonce, headers, the `Response`).
 *
 * Run: bun bench/composer/in-process.ts [--ref=HEAD] [--page=three|nested|slow|empty] [--rounds=5] [--pages=8000]
 */

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SocketOptions } from "bun";
import { startFragmentServer } from "./fragments-server.ts";
import { PAGE_HEAD, PAGE_TAIL, PAGES, type PageId } from "./pages.ts";
import { snapshot } from "./snapshot.ts";
import { templates } from "./systems/tessera.ts";

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const pageId = arg("page", "three") as PageId | "empty";
if (pageId !== "empty" && !PAGES[pageId])
  throw new Error(`--page: one of ${Object.keys(PAGES).join(", ")} or empty, not ${pageId}`);

/** Answers of the fragment server by request target, fetched once over a real socket. */
async function replayingConnect(port: number): Promise<void> {
  const realConnect = Bun.connect;
  const answers = new Map<string, Promise<Buffer>>();
  const fetchRaw = (head: string) =>
    new Promise<Buffer>((resolve, reject) => {
      let bytes = Buffer.alloc(0);
      realConnect({
        hostname: "127.0.0.1",
        port,
        socket: {
          open: (socket) => void socket.write(head),
          data(socket, data) {
            bytes = Buffer.concat([bytes, data]);
            const end = bytes.indexOf("\r\n\r\n");
            const head = bytes.toString("latin1", 0, Math.max(end, 0));
            const length = /content-length: *(\d+)/i.exec(head);
            // a fragment batch streams its parts chunked: whole at its last chunk
            const chunkedEnd =
              /transfer-encoding: *chunked/i.test(head) &&
              bytes.subarray(-5).toString("latin1") === "0\r\n\r\n";
            if (end >= 0 && (chunkedEnd || (length && bytes.byteLength >= end + 4 + Number(length[1])))) {
              socket.end();
              resolve(bytes);
            }
          },
          error: (_socket, error) => reject(error),
        },
      }).catch(reject);
    });
  // every answer ready in one macrotask is delivered in that one, as a readable socket's would be
  let due: (() => void)[] = [];
  const deliver = (run: () => void) => {
    due.push(run);
    if (due.length === 1)
      setImmediate(() => {
        const now = due;
        due = [];
        for (const next of now) next();
      });
  };
  // biome-ignore lint/suspicious/noExplicitAny: the replacement stands in for Bun's socket
  (Bun as any).connect = async (
    options: SocketOptions & { hostname: string; port: number; data?: unknown },
  ) => {
    if (options.port !== port) return realConnect(options as unknown as Parameters<typeof Bun.connect>[0]);
    const handlers = options.socket;
    const socket = {
      data: options.data,
      write(data: string | Uint8Array) {
        const head = typeof data === "string" ? data : Buffer.from(data).toString("latin1");
        // a batch's parts name their traceparents (`t=`), new for every page: its answer is the same
        const target = head
          .slice(head.indexOf(" ") + 1, head.indexOf(" HTTP/1.1"))
          .replace(/([?&]t=)[^&]*/g, "$1");
        let answer = answers.get(target);
        if (!answer) {
          answer = fetchRaw(head);
          answers.set(target, answer);
        }
        answer.then((bytes) => deliver(() => handlers.data?.(socket as never, bytes)));
        return typeof data === "string" ? data.length : data.byteLength;
      },
      ref() {},
      unref() {},
      pause() {},
      resume() {},
      terminate() {},
      end() {},
    };
    return socket;
  };
}

/** Child: one round — the composer of this copy, `pages` pages 25 at a time, 5 times; prints µs/page. */
async function round(): Promise<void> {
  const server = startFragmentServer(0);
  await replayingConnect(server.port as number);
  const { createComposer } = await import("@tessera/composer/app");
  const { createStaticRegistry } = await import("@tessera/chassis/registry");
  const base = `http://127.0.0.1:${server.port}`;
  const composer = await createComposer({
    env: { LOG_LEVEL: "error", HOST: "127.0.0.1", FRAGMENT_BATCHES: process.env.FRAGMENT_BATCHES },
    templates: { ...templates(), "/empty": PAGE_HEAD + PAGE_TAIL },
    registry: await createStaticRegistry({ catalog: base, explore: base }),
  });
  const path = `/${pageId}`;
  const one = async () => {
    const response = await composer.app.fetch(new Request(`http://127.0.0.1${path}`));
    const body = await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    return body.byteLength;
  };
  const pages = Number(arg("pages", "8000"));
  const run = async (count: number) => {
    let left = count;
    const before = process.cpuUsage();
    await Promise.all(
      Array.from({ length: 25 }, async () => {
        while (left-- > 0) await one();
      }),
    );
    const used = process.cpuUsage(before);
    return (used.user + used.system) / count;
  };
  await run(pages / 4);
  const figures: number[] = [];
  for (let i = 0; i < 5; i++) figures.push(await run(pages));
  figures.sort((a, b) => a - b);
  console.log(JSON.stringify({ us_per_page: figures[2] }));
  await composer.close();
  server.stop(true);
  process.exit(0);
}

async function main(): Promise<void> {
  const ref = arg("ref", "HEAD");
  const rounds = Number(arg("rounds", "5"));
  const root = join(import.meta.dir, "..", "..");
  const tmp = await mkdtemp(join(tmpdir(), "tessera-in-process-"));
  try {
    process.stdout.write(`copying ${ref}…\n`);
    const variants = [
      { label: "working tree", root },
      { label: ref, root: await snapshot(root, ref, join(tmp, "ref")) },
    ];
    const figures = new Map<string, number[]>(variants.map((v) => [v.label, []]));
    for (let r = 1; r <= rounds; r++)
      for (const variant of variants) {
        const child = Bun.spawn(
          [process.execPath, join(variant.root, "bench/composer/in-process.ts"), ...args],
          {
            cwd: variant.root,
            env: { ...process.env, IN_PROCESS_ROUND: "1" },
            stdout: "pipe",
            stderr: "pipe",
          },
        );
        const [out, err, code] = await Promise.all([
          new Response(child.stdout).text(),
          new Response(child.stderr).text(),
          child.exited,
        ]);
        const line = out.trim().split("\n").at(-1) ?? "";
        if (code !== 0 || !line.startsWith("{"))
          throw new Error(`${variant.label}: round failed\n${err || out}`);
        const { us_per_page } = JSON.parse(line) as { us_per_page: number };
        figures.get(variant.label)?.push(us_per_page);
        process.stdout.write(`round ${r} ${variant.label.padEnd(14)} ${us_per_page.toFixed(1)} µs/page\n`);
      }
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
    const tree = median(figures.get("working tree") as number[]);
    const base = median(figures.get(ref) as number[]);
    process.stdout.write(
      `\nCPU µs per page without I/O, page ${pageId}, ${rounds} rounds (medians):\n  working tree ${tree.toFixed(1)}\n  ${ref.padEnd(12)} ${base.toFixed(1)}\n  change       ${(((tree - base) / base) * 100).toFixed(1)}%\n`,
    );
    console.log(
      JSON.stringify({
        bench: "composer-in-process",
        page: pageId,
        ref,
        rounds,
        tree_us: tree,
        ref_us: base,
      }),
    );
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

await (process.env.IN_PROCESS_ROUND ? round() : main());
