import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TestAccess, testAccess } from "@tessera/chassis/access/testing";
import { eventually } from "@tessera/chassis/bus/conformance";
import { createMemoryRegistry, type Registry } from "@tessera/chassis/registry";
import { openFileStore, type ReleaseStore } from "@tessera/chassis/releases";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { createTracing, SpanKind, withSpan } from "@tessera/chassis/trace";
import { count } from "drizzle-orm";
import { createOps } from "./app.ts";
import { exceptionEvents, exceptionGroups, logLines, spans } from "./db/schema.ts";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
let service: BuiltService;
let access: TestAccess;
let registry: Registry;
let server: ReturnType<typeof Bun.serve>;
/** The deployment log and release state ops reads: a file store in a temporary folder. */
const releasesDir = mkdtempSync(join(tmpdir(), "ops-releases-"));
const releases: ReleaseStore = openFileStore({ dir: releasesDir });
/** What the local webhook received; its first answer for each alert is a 500 (the hook must retry). */
const alerts: Record<string, unknown>[] = [];
let attempts = 0;

beforeAll(async () => {
  access = await testAccess();
  registry = createMemoryRegistry();
  // the ops service itself on a port: the OTLP exporter and the webhook need real HTTP
  server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: async (request) => {
      const url = new URL(request.url);
      if (url.pathname === "/hook") {
        attempts++;
        if (attempts % 2 === 1) return new Response("try again", { status: 500 });
        alerts.push(await request.json());
        return new Response(null, { status: 204 });
      }
      return service.app.fetch(request);
    },
  });
  service = await buildService(createOps({ releases: async () => releases }), {
    env: {
      LOG_LEVEL: "silent",
      ...access.env,
      OPS_ALERT_WEBHOOK_URL: `http://127.0.0.1:${server.port}/hook`,
      OPS_PUBLIC_URL: "http://shop.test",
    },
    inMemory: true,
    registry,
  });
}, 60_000);
afterAll(async () => {
  await service.close();
  server.stop(true);
  await releases.close();
  rmSync(releasesDir, { recursive: true, force: true });
});

const db = () => service.ctx.database.db;
const rows = async (
  table: typeof logLines | typeof spans | typeof exceptionEvents | typeof exceptionGroups,
) => Number((await db().select({ n: count() }).from(table))[0]?.n ?? 0);
const asOperator = () => access.as("operator-1", "ops", { roles: ["operator"] });
const api = async (path: string) => service.app.request(path, { headers: await asOperator() });
const post = (path: string, body: string, type = "application/json") =>
  service.app.request(path, { method: "POST", headers: { "content-type": type }, body });
const logLine = (fields: Record<string, unknown>) =>
  JSON.stringify({
    level: 30,
    time: new Date().toISOString(),
    service: "checkout",
    msg: "request",
    ...fields,
  });

describe("ops — ingestion refuses bad input whole", () => {
  test("a log batch with one bad line - 400 problem naming the line, no line stored", async () => {
    const before = await rows(logLines);
    const response = await post(
      "/ingest/logs",
      `${logLine({})}\n${logLine({ level: "loud" })}\n`,
      "application/x-ndjson",
    );
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect((await response.json()).detail).toContain("line 2: level");
    expect(await rows(logLines)).toBe(before);
  });

  test("an exception report with a bad field - 400 problem naming it, nothing recorded", async () => {
    const before = [await rows(exceptionGroups), await rows(exceptionEvents)];
    const response = await post(
      "/ingest/exceptions",
      JSON.stringify({ kind: "server", service: "checkout", release: "1", message: "x", trace_id: "nope" }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).detail).toContain("body.trace_id");
    expect([await rows(exceptionGroups), await rows(exceptionEvents)]).toEqual(before);
  });

  test("OTLP in protobuf - 415 naming the JSON encoding; malformed OTLP JSON - 400, no span stored", async () => {
    const protobuf = await post("/v1/traces", "\x0a\x00", "application/x-protobuf");
    expect(protobuf.status).toBe(415);
    expect((await protobuf.json()).detail).toContain("encoding: json");
    const before = await rows(spans);
    const bad = await post(
      "/v1/traces",
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: "x" }] }] }] }),
    );
    expect(bad.status).toBe(400);
    expect(await rows(spans)).toBe(before);
  });
});

describe("ops — logs", () => {
  test("shipped lines - searchable by service, level and above, trace id, text and time", async () => {
    const now = Date.now();
    const batch = [
      logLine({
        service: "payments",
        level: 50,
        msg: "authorisation failed",
        trace_id: TRACE,
        time: now - 1000,
      }),
      logLine({ service: "payments", level: 30, msg: "request", trace_id: TRACE, time: now - 500 }),
      logLine({ service: "catalog", level: 40, msg: "slow query", time: now - 60_000 }),
    ].join("\n");
    expect((await post("/ingest/logs", batch, "application/x-ndjson")).status).toBe(202);
    const search = async (query: string) =>
      ((await (await api(`/ops/api/logs?${query}`)).json()).items as { msg: string }[]).map((l) => l.msg);
    expect(await search(`trace_id=${TRACE}`)).toEqual(["request", "authorisation failed"]);
    expect(await search("service=payments&level=error")).toEqual(["authorisation failed"]);
    expect(await search("level=warn&q=SLOW")).toEqual(["slow query"]);
    expect(await search(`from=${new Date(now - 10_000).toISOString()}&service=catalog`)).toEqual([]);
  });

  test("a bad filter - 422 naming it; no operator - 401", async () => {
    const response = await api("/ops/api/logs?level=loud");
    expect(response.status).toBe(422);
    expect((await response.json()).detail).toContain("query.level");
    expect((await service.app.request("/ops/api/logs")).status).toBe(401);
  });

  test("the logs page - lists the lines of a trace with a link to its waterfall", async () => {
    const page = await (
      await service.app.request(`/fragments/logs-page?trace_id=${TRACE}`, { headers: await asOperator() })
    ).text();
    expect(page).toContain("authorisation failed");
    expect(page).toContain(`href="/ops/traces/${TRACE}"`);
    expect(page).not.toContain("slow query");
  });
});

describe("ops — traces", () => {
  test("spans from the chassis's real OTLP exporter - stored and shown as one waterfall across services", async () => {
    const url = `http://127.0.0.1:${server.port}`;
    const composer = createTracing({ service: "composer", version: "1", otlpEndpoint: url });
    const checkout = createTracing({ service: "checkout", version: "2", otlpEndpoint: url });
    let traceId = "";
    await withSpan(
      "GET /checkout/checkout",
      async (page) => {
        traceId = page.spanContext().traceId;
        await withSpan(
          "POST /checkout/place-order",
          async () => {
            await withSpan("select orders", async () => {}, {
              tracer: checkout.tracer,
              kind: SpanKind.CLIENT,
            });
            await withSpan(
              "publish payments.authorize",
              async () => {
                throw new Error("declined");
              },
              { tracer: checkout.tracer, kind: SpanKind.PRODUCER },
            ).catch(() => {});
          },
          { tracer: checkout.tracer, kind: SpanKind.SERVER },
        );
      },
      { tracer: composer.tracer, kind: SpanKind.SERVER },
    );
    await composer.forceFlush();
    await checkout.forceFlush();
    const trace = await (await api(`/ops/api/traces/${traceId}`)).json();
    expect(
      trace.spans.map((s: { service: string; name: string }) => `${s.service}: ${s.name}`).sort(),
    ).toEqual([
      "checkout: POST /checkout/place-order",
      "checkout: publish payments.authorize",
      "checkout: select orders",
      "composer: GET /checkout/checkout",
    ]);
    const list = (await (await api("/ops/api/traces?errors=true&service=checkout")).json()).items;
    expect(list.find((t: { traceId: string }) => t.traceId === traceId)).toMatchObject({
      spanCount: 4,
      errorCount: 1,
      services: ["checkout", "composer"],
      root: "composer: GET /checkout/checkout",
    });
    const page = await (
      await service.app.request(`/fragments/trace-page?trace_id=${traceId}`, { headers: await asOperator() })
    ).text();
    // waterfall order: each span under its parent, depth shown by the indent
    const shown = [
      ...page.matchAll(
        /padding-inline-start:([\d.]+)rem"><span class="span-service">(\w+)<\/span> ([^<]+?) </g,
      ),
    ].map((m) => `${m[1]} ${m[2]}: ${m[3]}`);
    expect(shown.slice(0, 2)).toEqual([
      "0 composer: GET /checkout/checkout",
      "1.1 checkout: POST /checkout/place-order",
    ]);
    // siblings that started in the same millisecond come in either order
    expect(shown.slice(2).sort()).toEqual([
      "2.2 checkout: publish payments.authorize",
      "2.2 checkout: select orders",
    ]);
    expect(page).toContain('data-span-status="error"');
    expect(page).toContain("exception.message"); // the failed span's event, inside its <details>
    await composer.shutdown();
    await checkout.shutdown();
  });

  test("an unknown trace - 404 from the API, a 'not found' page", async () => {
    expect((await api(`/ops/api/traces/${"f".repeat(32)}`)).status).toBe(404);
    expect(
      await (
        await service.app.request(`/fragments/trace-page?trace_id=${"f".repeat(32)}`, {
          headers: await asOperator(),
        })
      ).text(),
    ).toContain("Trace not found");
  });
});

describe("ops — exceptions", () => {
  const report = (id: number, release: string, traceId: string) =>
    JSON.stringify({
      kind: "server",
      service: "checkout",
      release,
      type: "TypeError",
      message: `Cannot read properties of undefined (reading 'total') in order TSR-${id}`,
      stack: `TypeError: x\n    at orderView (/srv/services/checkout/saga/place-order.ts:${id}:3)`,
      trace_id: traceId,
    });

  test("the same failure three times - one group counted 3, first/last seen, releases, traces; alerted once (retried)", async () => {
    const traces = ["a", "b", "c"].map((c) => c.repeat(32));
    const answers = [];
    for (const [i, t] of traces.entries())
      answers.push(
        await (await post("/ingest/exceptions", report(1000 + i, i < 2 ? "1.0.0" : "1.1.0", t))).json(),
      );
    expect(answers.map((a) => a.groups[0].change)).toEqual(["new", "repeat", "repeat"]);
    const fp = answers[0].groups[0].fingerprint;
    const group = (await (await api("/ops/api/exceptions?service=checkout")).json()).items.find(
      (g: { fingerprint: string }) => g.fingerprint === fp,
    );
    expect(group).toMatchObject({
      count: 3,
      firstRelease: "1.0.0",
      lastRelease: "1.1.0",
      lastTraceId: traces[2],
    });
    expect(group.recentTraceIds).toEqual([traces[2], traces[1], traces[0]]);
    expect(Date.parse(group.lastSeen)).toBeGreaterThanOrEqual(Date.parse(group.firstSeen));
    await eventually(() => alerts.some((a) => a.fingerprint === fp), 10_000, "the alert after a retry");
    expect(alerts.filter((a) => a.fingerprint === fp)).toEqual([
      expect.objectContaining({
        event: "exception.new",
        service: "checkout",
        link: `http://shop.test/ops/exceptions/${fp}`,
      }),
    ]);
    const byTrace = (await (await api(`/ops/api/exceptions?trace_id=${traces[1]}`)).json()).items;
    expect(byTrace.map((g: { fingerprint: string }) => g.fingerprint)).toEqual([fp]);
  });

  test("a resolved group that comes back - a regression, alerted again", async () => {
    const first = await (await post("/ingest/exceptions", report(7, "2.0.0", "d".repeat(32)))).json();
    const fp = first.groups[0].fingerprint;
    expect(
      (
        await service.app.request(`/ops/api/exceptions/${fp}/resolve`, {
          method: "POST",
          headers: await asOperator(),
        })
      ).status,
    ).toBe(200);
    const again = await (await post("/ingest/exceptions", report(8, "2.0.1", "e".repeat(32)))).json();
    expect(again.groups[0]).toMatchObject({ fingerprint: fp, change: "regression" });
    await eventually(
      () => alerts.some((a) => a.event === "exception.regression"),
      10_000,
      "the regression alert",
    );
  });
});

describe("ops — health, metrics and audit from the registry", () => {
  test("registered instances - readiness, scraped RED and business figures, audit merged by time", async () => {
    const metricsText = [
      'http_server_requests_total{method="POST",route="/checkout/place-order",status="303",service="checkout"} 4',
      'http_server_requests_total{method="POST",route="/checkout/place-order",status="500",service="checkout"} 1',
      'http_server_request_duration_seconds_sum{method="POST",route="/checkout/place-order",status="303",service="checkout"} 2',
      'http_server_request_duration_seconds_count{method="POST",route="/checkout/place-order",status="303",service="checkout"} 4',
      "# TYPE http_server_request_duration_seconds histogram",
      '# TYPE checkout_orders gauge\ncheckout_orders{state="confirmed",service="checkout"} 5',
      'checkout_orders{state="cancelled",service="checkout"} 2',
    ].join("\n");
    const fake = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch(request) {
        const url = new URL(request.url);
        if (url.pathname === "/health/ready")
          return Response.json({ status: "up", checks: { database: { status: "up" } } });
        if (url.pathname === "/metrics")
          return new Response(`# TYPE http_server_requests_total counter\n${metricsText}\n`);
        // like identity, it refuses a user id of another shape (a deployer's name): 422
        if (url.pathname === "/ops/audit" && url.searchParams.get("user")?.includes("@"))
          return Response.json({ detail: "query.user: expected a user id" }, { status: 422 });
        if (url.pathname === "/ops/audit")
          return Response.json({
            items: [
              {
                action: "order.placed",
                userId: url.searchParams.get("user"),
                subject: "TSR-1",
                occurredAt: "2026-11-25T10:00:00.000Z",
              },
              {
                action: "order.cancelled",
                userId: url.searchParams.get("user"),
                subject: "TSR-1",
                occurredAt: "2026-11-25T10:00:01.000Z",
              },
            ],
          });
        return new Response("{}", { status: 404 });
      },
    });
    await registry.put({
      id: "checkout-1",
      name: "checkout",
      version: "1.2.3",
      url: `http://127.0.0.1:${fake.port}`,
      health: "up",
      manifest: "/fragments/manifest.json",
      renewedAt: Date.now(),
    });
    try {
      const health = await (await api("/ops/api/health")).json();
      expect(health.instances).toEqual([
        expect.objectContaining({
          name: "checkout",
          version: "1.2.3",
          ready: "up",
          checks: { database: { status: "up" } },
        }),
      ]);
      const metrics = await (await api("/ops/api/metrics")).json();
      expect(metrics.red).toContainEqual(
        expect.objectContaining({
          service: "checkout",
          route: "/checkout/place-order",
          requests: 5,
          errors: 1,
        }),
      );
      expect(metrics.business).toContainEqual(expect.objectContaining({ label: "Orders placed", value: 7 }));
      expect(metrics.business).toContainEqual(
        expect.objectContaining({ label: "Orders cancelled", value: 2 }),
      );
      const audit = await (await api("/ops/api/audit?user=u-1")).json();
      expect(audit.sources).toEqual(["checkout", "deployments"]);
      expect(audit.items.map((i: { action: string }) => i.action)).toEqual([
        "order.cancelled",
        "order.placed",
      ]);
      const page = await (
        await service.app.request("/fragments/health-page", { headers: await asOperator() })
      ).text();
      expect(page).toContain("1.2.3");
      expect(page).toContain('class="ready-up"');

      // a deploy: its log entry joins the audit log under the deployer, and the health page shows it
      await releases.update((state) => ({
        ...state,
        teams: { catalog: { active: "r2", previous: ["built-in"], updatedAt: "2026-11-25T10:00:02.000Z" } },
      }));
      await releases.append({
        at: "2026-11-25T10:00:02.000Z",
        by: "lead@example.com",
        action: "deploy",
        team: "catalog",
        version: "r2",
        result: "ok",
      });
      const byDeployer = await (await api("/ops/api/audit?user=lead@example.com")).json();
      expect(byDeployer.items).toEqual([
        expect.objectContaining({
          service: "deployments",
          action: "deploy",
          userId: "lead@example.com",
          subject: "team catalog",
          detail: "r2 · ok",
        }),
      ]);
      const everyone = await (await api("/ops/api/audit")).json();
      expect(everyone.items.map((i: { action: string }) => i.action)).toEqual([
        "deploy",
        "order.cancelled",
        "order.placed",
      ]);
      const auditPage = await (
        await service.app.request("/fragments/audit-page?user=lead@example.com", {
          headers: await asOperator(),
        })
      ).text();
      expect(auditPage).toContain('<tr data-action="deploy">');
      const healthNow = await (await api("/ops/api/health")).json();
      expect(healthNow.deployments.teams).toEqual([
        expect.objectContaining({ team: "catalog", active: "r2" }),
      ]);
      const withDeploy = await (
        await service.app.request("/fragments/health-page", { headers: await asOperator() })
      ).text();
      expect(withDeploy).toContain('<tr data-team="catalog"><td>catalog</td><td><code>r2</code></td>');
      expect(withDeploy).toContain('<tr data-action="deploy">');
    } finally {
      await registry.remove("checkout-1");
      fake.stop(true);
    }
  });
});

describe("ops — its fragment pages", () => {
  test("without an operator's token - 401; a shopper's - 403; the manifest stays public", async () => {
    expect((await service.app.request("/fragments/logs-page")).status).toBe(401);
    const shopper = await access.as("shopper-1", "ops", { roles: [] });
    expect((await service.app.request("/fragments/health-page", { headers: shopper })).status).toBe(403);
    expect((await service.app.request("/fragments/manifest.json")).status).toBe(200);
  });
});
