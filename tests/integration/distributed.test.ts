/**
 * The distributed mode for real: every process compose.yaml describes, started with the command
 * and environment it gives (hosts rewritten to this machine), one PostgreSQL database per
 * service and NATS JetStream between them.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eventually } from "@tessera/chassis/bus/conformance";
import postgres from "postgres";
import { composeAppServices, type Distributed, startDistributed } from "../../scripts/distributed.ts";
import { SEED_PRODUCTS } from "../../services/catalog/db/seed-data.ts";
import { deleteStreams, dropDatabases, runId, TEST_DATABASE_URL, TEST_NATS_URL } from "./support.ts";

const dbPrefix = `${runId}_`;
const SEEDED_VARIANTS = SEED_PRODUCTS.flatMap((p) => p.variants).length;
const stream = `TESSERA_${runId.toUpperCase()}`;
const logs: Record<string, unknown>[] = [];
let system: Distributed;
let composeServices: Awaited<ReturnType<typeof composeAppServices>> = [];
/** The app services compose.yaml names (of one kind, or all), sorted. */
const appServices = (kind?: string) =>
  composeServices
    .filter(([, s]) => !kind || s["x-tessera"]?.kind === kind)
    .map(([name]) => name)
    .sort();

beforeAll(async () => {
  composeServices = await composeAppServices();
  system = await startDistributed({
    databaseUrl: TEST_DATABASE_URL,
    databasePrefix: dbPrefix,
    natsUrl: TEST_NATS_URL,
    natsStream: stream,
    subjectPrefix: runId,
    ports: "free",
    onLine: (service, line) => {
      try {
        logs.push({ process: service, ...JSON.parse(line) });
      } catch {
        logs.push({ process: service, text: line });
      }
    },
  });
}, 120_000);

/**
 * Waits (at most `timeoutMs`) until each of `services` has written a log line matching `match`, and
 * returns those lines; fails naming the services whose line never came.
 */
async function logLinesOf(
  services: string[],
  match: (line: Record<string, unknown>) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = logs.filter((l) => services.includes(String(l.service)) && match(l));
    const missing = services.filter((name) => !found.some((l) => l.service === name));
    if (missing.length === 0) return found;
    if (Date.now() > deadline)
      throw new Error(`No ${what} log line from ${missing.join(", ")} within ${timeoutMs} ms`);
    await Bun.sleep(50);
  }
}

let stopped: { name: string; exitCode: number | null }[] = [];
afterAll(async () => {
  if (stopped.length === 0) await system?.stop();
  await dropDatabases(dbPrefix);
  await deleteStreams(stream);
}, 60_000);

describe("distributed mode", () => {
  test("every app service of compose.yaml - started with its command and is ready on PostgreSQL and NATS", async () => {
    const names = (await composeAppServices()).map(([name]) => name);
    expect(system.processes.map((p) => p.name)).toEqual(names);
    for (const p of system.processes) {
      const ready = await (await fetch(`${p.url}/health/ready`)).json();
      expect(ready.status).toBe("up");
      if (p.env.DATABASE_URL)
        expect(ready.checks).toMatchObject({ database: { status: "up" }, bus: { status: "up" } });
    }
    // written just after the port opens, so it may reach the pipe after the first ready answer
    const listening = await logLinesOf(
      appServices("service"),
      (l) => l.msg === "listening" && l.database === "postgresql" && l.bus === "nats",
      '"listening" (postgresql, nats)',
    );
    expect(listening.map((l) => l.service).sort()).toEqual(appServices("service"));
  });

  test("each service - has its own database on the server", async () => {
    const sql = postgres(TEST_DATABASE_URL, { max: 1 });
    const rows = await sql<
      { datname: string }[]
    >`select datname from pg_database where datname like ${`${dbPrefix}%`} order by 1`;
    await sql.end();
    expect(rows.map((r) => r.datname)).toEqual(appServices("service").map((name) => `${dbPrefix}${name}`));
  });

  test("the catalog's seed - reaches explore's read model through the outbox and JetStream", async () => {
    const explore = system.url("explore");
    await eventually(
      async () =>
        ((await (await fetch(`${explore}/api/products`)).json()).items?.length ?? 0) === SEEDED_VARIANTS,
      30_000,
      `${SEEDED_VARIANTS} listings in explore`,
    );
  });

  test("a price change through the gateway - is seen by explore, once", async () => {
    const composer = system.url("composer");
    const response = await fetch(`${composer}/api/catalog/products/CL-01-RD`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ priceCents: 5_555_500 }),
    });
    expect(response.status).toBe(200);
    await eventually(
      async () =>
        (await (await fetch(`${system.url("explore")}/api/products/CL-01-RD`)).json()).price?.amount ===
        5_555_500,
      20_000,
      "the new price in explore",
    );
    const sql = postgres(`${TEST_DATABASE_URL.replace(/\/[^/]*$/, "")}/${dbPrefix}explore`, { max: 1 });
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from processed_messages`;
    await sql.end();
    expect(row?.n).toBe(SEEDED_VARIANTS + 1); // every seeded variant and the one change, each applied once
  });

  test("a page - is composed from the catalog's fragments, and its trace id is in the composer's and the catalog's logs", async () => {
    const response = await fetch(`${system.url("composer")}/`);
    const html = await response.text();
    expect(html).toContain('data-boundary="catalog/product-card"');
    expect(html).toContain('sku="AU-01-SI"');
    const traceId = /<meta name="trace-id" content="([0-9a-f]{32})">/.exec(html)?.[1] as string;
    await eventually(
      () =>
        logs.some(
          (l) => l.service === "catalog" && l.trace_id === traceId && l.route === "/fragments/product-card",
        ),
      5000,
      "the catalog's request log line with the page's trace id",
    );
    expect(logs.some((l) => l.service === "composer" && l.trace_id === traceId && l.route === "/")).toBe(
      true,
    );
  });

  test("SIGTERM - every process drains and exits 0", async () => {
    stopped = await system.stop();
    // a process that did not exit 0, with what it said at warn level and above (and on stderr)
    const failed = stopped
      .filter((s) => s.exitCode !== 0)
      .map((s) => ({
        ...s,
        said: logs
          .filter(
            (l) =>
              l.process === s.name &&
              (l.text !== undefined || ["warn", "error", "fatal"].includes(String(l.level))),
          )
          .map((l) => l.text ?? `${l.level}: ${l.msg} ${JSON.stringify(l.err ?? "")}`)
          .slice(-20),
      }));
    expect(failed).toEqual([]);
    // the last lines may still be in the pipes when the processes have exited
    const lastWords = await logLinesOf(appServices(), (l) => l.msg === "stopped", '"stopped"');
    expect(lastWords.map((l) => l.service).sort()).toEqual(appServices().sort());
  });
});
