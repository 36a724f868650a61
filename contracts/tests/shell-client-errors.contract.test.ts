/**
 * The shell → composer edge `POST /_tessera/client-errors`, checked on both sides with real code:
 * the shell's own report builder (`buildReport`, `releasesOf`, `createReporter` from
 * shell/src/report.ts) makes the body exactly as the page sends it, and the real composer
 * (`createComposer`: an in-memory registry, no NATS) answers it — 202 and the report handed to its
 * sink unchanged; a body the route's zod schema refuses is a 4xx problem+json naming the field.
 * Also the path: the shell posts where the composer's route listens.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { memoryDestination } from "@tessera/chassis/log";
import { createMemoryRegistry } from "@tessera/chassis/registry";
import { createComposer } from "../../composer/app.ts";
import { CLIENT_ERRORS_PATH, type ClientErrorReport } from "../../composer/routes/client-errors.ts";
import type { FederationData } from "../../shell/src/page-data.ts";
import {
  buildReport,
  CLIENT_ERRORS_URL,
  createReporter,
  type ReportKind,
  releasesOf,
} from "../../shell/src/report.ts";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const DATA: FederationData = {
  remotes: [
    { name: "tessera_checkout", alias: "checkout", entry: "/_assets/checkout/mf-manifest.json" },
    { name: "tessera_catalog", alias: "catalog", entry: "/_assets/catalog/mf-manifest.json" },
  ],
  components: { "checkout-add-to-cart": "checkout/add-to-cart" },
};

let composer: Awaited<ReturnType<typeof createComposer>>;
const received: ClientErrorReport[] = [];

beforeAll(async () => {
  composer = await createComposer({
    registry: createMemoryRegistry(),
    templates: {},
    env: { LOG_LEVEL: "error" },
    logDestination: memoryDestination(),
    shellDist: "/nonexistent",
    clientErrorSink: { report: (r) => void received.push(r) },
  });
});
afterAll(async () => {
  await composer.close();
});

/** What the shell's reporter sends for one failure, built by its own code (as shell/src/index.ts does). */
function shellBody(kind: ReportKind, error: unknown, extra: { module?: string; source?: string } = {}) {
  const bodies: string[] = [];
  const send = createReporter((body) => bodies.push(body));
  const page = {
    traceId: TRACE,
    url: "/product/TR-CL-001?sku=CL-01-GR",
    releases: releasesOf("0.4.2", DATA),
  };
  send(buildReport({ kind, error, ...extra }, page));
  expect(bodies).toHaveLength(1);
  return bodies[0] as string;
}

/** Posts a body as `navigator.sendBeacon` does with the shell's JSON Blob. */
const post = (body: string) =>
  composer.app.request(CLIENT_ERRORS_URL, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.23" },
    body,
  });

describe("shell → composer: POST /_tessera/client-errors", () => {
  test("the path - the shell posts where the composer's route listens", () => {
    expect(CLIENT_ERRORS_URL).toBe(CLIENT_ERRORS_PATH);
  });

  test("a remote that failed to load - the shell's report is accepted (202) and reaches the sink unchanged", async () => {
    received.length = 0;
    const body = shellBody("remote-load", new Error("ScriptNetworkError: Failed to load script"), {
      module: "checkout/add-to-cart",
    });
    const response = await post(body);
    expect(response.status).toBe(202);
    expect(received).toEqual([JSON.parse(body)]);
    expect(received[0]).toMatchObject({
      kind: "remote-load",
      module: "checkout/add-to-cart",
      traceId: TRACE,
      releases: { shell: "0.4.2", tessera_checkout: "/_assets/checkout/mf-manifest.json" },
    });
  });

  test("a huge message and stack (cut by the shell) and a thrown non-Error - still accepted", async () => {
    received.length = 0;
    const huge = new Error("x".repeat(10_000));
    huge.stack = `Error: ${"y".repeat(10_000)}`;
    const long = shellBody("error", huge, { source: "/_assets/catalog/remoteEntry.js:1:1" });
    expect((await post(long)).status).toBe(202);
    // every field at the shell's cut: the composer's body limit must still take it
    const widest = shellBody("error", huge, {
      source: `/_assets/${"z".repeat(10_000)}`,
      module: "m".repeat(500),
    });
    expect(widest.length).toBeGreaterThan(8 * 1024);
    expect((await post(widest)).status).toBe(202);
    expect((await post(shellBody("unhandledrejection", { code: 42 }))).status).toBe(202);
    expect(received.map((r) => r.kind)).toEqual(["error", "error", "unhandledrejection"]);
  });

  test("a malformed report - 4xx problem+json naming the bad field, nothing reaches the sink", async () => {
    received.length = 0;
    const report = JSON.parse(shellBody("region", new Error("no element"), { module: "catalog/quick-view" }));
    for (const [field, bad] of [
      ["traceId", { ...report, traceId: "not-a-trace" }],
      ["kind", { ...report, kind: "crash" }],
      ["message", { ...report, message: undefined }],
    ] as const) {
      const response = await post(JSON.stringify(bad));
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      expect(await response.text()).toContain(field);
    }
    expect((await post("{not json")).status).toBe(400);
    expect(received).toEqual([]);
  });
});
