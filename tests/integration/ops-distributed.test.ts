/**
 * The ops service in the distributed mode: every process of compose.yaml on PostgreSQL and NATS,
 * each with OPS_URL. One page view's log lines and spans from the composer and the services it
 * called arrive in ops' database under the page's trace id; ops' health view lists every
 * registered instance, and the composer reports its breakers; a composer failure (5xx: an instance
 * killed) and a browser's error report arrive as grouped exceptions.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createSigningKeys, createTokenMinter, IDENTITY_HEADER } from "@tessera/chassis/access";
import { eventually } from "@tessera/chassis/bus/conformance";
import postgres from "postgres";
import { type Distributed, startDistributed } from "../../scripts/distributed.ts";
import {
  databaseUrl,
  deleteStreams,
  dropDatabases,
  runId,
  TEST_DATABASE_URL,
  TEST_NATS_URL,
} from "./support.ts";

const dbPrefix = `${runId}_`;
const stream = `TESSERA_${runId.toUpperCase()}`;
let system: Distributed;
let opsDb: ReturnType<typeof postgres>;

beforeAll(async () => {
  system = await startDistributed({
    databaseUrl: TEST_DATABASE_URL,
    databasePrefix: dbPrefix,
    natsUrl: TEST_NATS_URL,
    natsStream: stream,
    subjectPrefix: runId,
    ports: "free",
    say: (line) => process.stdout.write(`${line}\n`),
  });
  opsDb = postgres(databaseUrl(`${dbPrefix}ops`), { max: 2, onnotice: () => {} });
}, 240_000);

afterAll(async () => {
  await opsDb?.end({ timeout: 2 });
  await system?.stop();
  await dropDatabases(dbPrefix);
  await deleteStreams(stream);
}, 60_000);

describe("ops — distributed mode", () => {
  test("every process - is told where ops is (OPS_URL names the ops process)", () => {
    const opsUrl = system.url("ops");
    for (const p of system.processes.filter((p) => p.name !== "ops")) expect(p.env.OPS_URL).toBe(opsUrl);
  });

  test("one page view - its log lines and spans from the composer and explore arrive in ops under its trace id", async () => {
    const page = await fetch(`${system.url("composer")}/`);
    expect(page.status).toBe(200);
    const traceId = /name="trace-id" content="([0-9a-f]{32})"/.exec(await page.text())?.[1] as string;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const servicesIn = async (table: "spans" | "log_lines") =>
      (await opsDb.unsafe(`select distinct service from ${table} where trace_id = $1`, [traceId])).map(
        (r) => r.service as string,
      );
    await eventually(
      async () => {
        const services = await servicesIn("spans");
        return services.includes("composer") && services.includes("explore");
      },
      30_000,
      "explore's spans in ops",
    );
    expect(await servicesIn("spans")).toEqual(expect.arrayContaining(["composer", "explore"]));
    await eventually(
      async () => (await servicesIn("log_lines")).includes("explore"),
      30_000,
      "explore's log lines in ops",
    );
    expect(await servicesIn("log_lines")).toEqual(expect.arrayContaining(["composer", "explore"]));
    // the explore span is a child of the composer's: one trace across processes
    const rows = await opsDb`select span_id, parent_span_id, service from spans where trace_id = ${traceId}`;
    const composerSpans = new Set(rows.filter((r) => r.service === "composer").map((r) => r.span_id));
    expect(rows.some((r) => r.service === "explore" && composerSpans.has(r.parent_span_id))).toBe(true);
  }, 60_000);

  test("ops' health view - every registered instance ready, and the composer's breakers reported", async () => {
    // ops' pages answer operators only: the composer's key (this run's) speaks for one
    const composerKeys = system.processes.find((p) => p.name === "composer")?.env.ACCESS_SIGNING_KEYS;
    const mint = createTokenMinter(await createSigningKeys(composerKeys));
    const operator = { [IDENTITY_HEADER]: await mint({ sub: "operator-1", roles: ["operator"] }, "ops") };
    const page = async () =>
      (await fetch(`${system.url("ops")}/fragments/health-page`, { headers: operator })).text();
    await eventually(
      async () => !(await page()).includes("No composer has reported"),
      20_000,
      "the composer's report",
    );
    const html = await page();
    for (const name of ["catalog", "explore", "inventory", "checkout", "payments", "identity", "ops"])
      expect(html).toContain(`<tr data-service="${name}">`);
    expect(html).not.toContain('class="ready-unreachable"');
    expect(html).toContain('class="state-closed"');
  }, 60_000);

  test("a composer failure (an instance killed) and a browser's error report - grouped exceptions with release and trace id", async () => {
    const composer = system.url("composer");
    // an instance that dies without deregistering: the composer's call fails (connection refused), a 5xx
    const inventory = system.processes.find((p) => p.name === "inventory");
    inventory?.process.kill("SIGKILL");
    await inventory?.process.exited;
    const failed = await fetch(`${composer}/api/inventory/stock/CL-01-GR`);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    const failedTrace = /^00-([0-9a-f]{32})-/.exec(failed.headers.get("traceresponse") ?? "")?.[1];
    const browserTrace = "5".repeat(32);
    const reported = await fetch(`${composer}/_tessera/client-errors`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        kind: "error",
        message: `TypeError: ops integration ${runId}`,
        traceId: browserTrace,
        page: "/checkout/checkout",
        releases: { shell: "9.9.9" },
      }),
    });
    expect(reported.status).toBe(202);
    const groups = async () =>
      opsDb`select g.kind, g.service, g.last_release, g.count, e.trace_id from exception_groups g join exception_events e using (fingerprint)`;
    await eventually(
      async () =>
        (await groups()).some((g) => g.trace_id === browserTrace) &&
        (await groups()).some((g) => g.trace_id === failedTrace),
      30_000,
      "both exceptions in ops",
    );
    const rows = await groups();
    expect(rows.find((g) => g.trace_id === browserTrace)).toMatchObject({
      kind: "browser",
      last_release: "9.9.9",
    });
    expect(rows.find((g) => g.trace_id === failedTrace)).toMatchObject({
      kind: "server",
      service: "composer",
    });
  }, 60_000);
});
