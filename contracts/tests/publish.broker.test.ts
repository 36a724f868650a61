/**
 * `publish-pacts.ts` and `publish-results.ts` against a local HTTP server answering the Pact
 * Broker endpoints they call (`POST /contracts/publish`, the pact for a consumer version with its
 * `pb:publish-verification-results` link, and that link), recording every request. The scripts
 * run as CI runs them (a subprocess, `PACT_BROKER_*` in the environment) on fixture pacts and a
 * fixture matrix (`TESSERA_PACTS_DIR`, `TESSERA_RESULTS_DIR`).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Matrix } from "../support/matrix.ts";
import type { PactFile } from "../support/pact.ts";

const CONTRACTS = join(import.meta.dir, "..");

interface Recorded {
  method: string;
  path: string;
  authorization: string | null;
  body: unknown;
}

/** The broker endpoints the scripts use, over what was published: requests are recorded. */
function startBroker() {
  const requests: Recorded[] = [];
  const pacts = new Map<string, string>(); // provider|consumer|version → pact JSON
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      const url = new URL(request.url);
      const text = request.method === "GET" ? "" : await request.text();
      const body = text ? JSON.parse(text) : undefined;
      requests.push({
        method: request.method,
        path: decodeURIComponent(url.pathname),
        authorization: request.headers.get("authorization"),
        body,
      });
      if (request.method === "POST" && url.pathname === "/contracts/publish") {
        for (const c of body.contracts)
          pacts.set(
            `${c.providerName}|${c.consumerName}|${body.pacticipantVersionNumber}`,
            Buffer.from(c.content, "base64").toString(),
          );
        return Response.json({ notices: [{ type: "success", text: "published" }] }, { status: 200 });
      }
      const pact = /^\/pacts\/provider\/([^/]+)\/consumer\/([^/]+)\/version\/([^/]+)$/.exec(url.pathname);
      if (request.method === "GET" && pact) {
        const [provider, consumer, version] = pact.slice(1).map(decodeURIComponent);
        const content = pacts.get(`${provider}|${consumer}|${version}`);
        if (!content) return Response.json({ error: "no pact" }, { status: 404 });
        const href = `${url.origin}/pacts/provider/${provider}/consumer/${consumer}/pact-version/p-${version}/verification-results`;
        return Response.json({
          ...JSON.parse(content),
          _links: { "pb:publish-verification-results": { href } },
        });
      }
      if (request.method === "POST" && url.pathname.endsWith("/verification-results"))
        return Response.json({ success: body.success }, { status: 201 });
      return new Response("not found", { status: 404 });
    },
  });
  return { server, requests, url: `http://127.0.0.1:${server.port}` };
}

function pactFixture(consumer: string, provider: string, consumerVersion: string, branch: string): PactFile {
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: [{ type: "Synchronous/HTTP", description: `${consumer}: a request` }],
    metadata: { tessera: { consumerVersion, branch }, pactSpecification: { version: "4.0" } },
  };
}

/** Runs a publish script with only the given broker settings (none inherited from this shell). */
async function run(script: string, env: Record<string, string>, dirs: { pacts: string; results: string }) {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k, v]) => v !== undefined && !k.startsWith("PACT_BROKER_")),
  ) as Record<string, string>;
  const child = Bun.spawn([process.execPath, script], {
    cwd: CONTRACTS,
    env: {
      ...base,
      TESSERA_PACTS_DIR: dirs.pacts,
      TESSERA_RESULTS_DIR: dirs.results,
      GIT_BRANCH: "main",
      ...env,
    },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  return { code, out: stdout + stderr };
}

describe("publishing to a Pact Broker", () => {
  let dir: string;
  let dirs: { pacts: string; results: string };
  const pacts = {
    web: pactFixture("checkout-web", "checkout", "a1b2c3d", "feature/cart"),
    identity: pactFixture("identity", "checkout", "e4f5a6b", "main"),
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "tessera-broker-"));
    dirs = { pacts: join(dir, "pacts"), results: join(dir, "results") };
    mkdirSync(dirs.pacts);
    mkdirSync(dirs.results);
    writeFileSync(join(dirs.pacts, "checkout-web-checkout.json"), JSON.stringify(pacts.web, null, 2));
    writeFileSync(join(dirs.pacts, "identity-checkout.json"), JSON.stringify(pacts.identity, null, 2));
    const row = (consumer: string, consumerVersion: string, result: "passed" | "failed", error?: string) => ({
      edge: `${consumer} → checkout`,
      consumer,
      consumerVersion,
      provider: "checkout",
      providerVersion: "9f8e7d6",
      type: "http",
      result,
      ...(error ? { error } : {}),
      pact: `contracts/pacts/${consumer}-checkout.json`,
      verifiedAt: "2026-01-01T00:00:00.000Z",
    });
    const matrix: Matrix = {
      updatedAt: "2026-01-01T00:00:00.000Z",
      rows: [
        row("checkout-web", "a1b2c3d", "passed"),
        row(
          "identity",
          "e4f5a6b",
          "failed",
          "BodyMismatch at $: Actual map is missing the following keys: placedAt",
        ),
      ],
    };
    writeFileSync(join(dirs.results, "matrix.json"), JSON.stringify(matrix, null, 2));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("publish-pacts - no PACT_BROKER_BASE_URL - publishes nothing and says so", async () => {
    const { code, out } = await run("publish-pacts.ts", {}, dirs);
    expect(code).toBe(0);
    expect(out).toContain("PACT_BROKER_BASE_URL is not set");
  });

  test("publish-results - no PACT_BROKER_BASE_URL - publishes nothing and says so", async () => {
    const { code, out } = await run("publish-results.ts", {}, dirs);
    expect(code).toBe(0);
    expect(out).toContain("PACT_BROKER_BASE_URL is not set");
  });

  test("publish-pacts - a broker with a token - each pact under its consumer version and branch, bearer auth", async () => {
    const broker = startBroker();
    try {
      const { code, out } = await run(
        "publish-pacts.ts",
        { PACT_BROKER_BASE_URL: broker.url, PACT_BROKER_TOKEN: "s3cret-token" },
        dirs,
      );
      expect(out).toContain("published checkout-web-checkout.json as checkout-web a1b2c3d (feature/cart)");
      expect(code).toBe(0);
      const published = broker.requests.filter((r) => r.path === "/contracts/publish");
      expect(published.map((r) => r.method)).toEqual(["POST", "POST"]);
      for (const r of published) expect(r.authorization).toBe("Bearer s3cret-token");
      const byConsumer = new Map(
        published.map((r) => [(r.body as { pacticipantName: string }).pacticipantName, r.body]),
      );
      expect(byConsumer.get("checkout-web")).toMatchObject({
        pacticipantVersionNumber: "a1b2c3d",
        branch: "feature/cart",
        contracts: [{ consumerName: "checkout-web", providerName: "checkout", specification: "pact" }],
      });
      expect(byConsumer.get("identity")).toMatchObject({
        pacticipantVersionNumber: "e4f5a6b",
        branch: "main",
      });
      const content = (byConsumer.get("checkout-web") as { contracts: { content: string }[] }).contracts[0]
        ?.content;
      expect(JSON.parse(Buffer.from(content ?? "", "base64").toString())).toEqual(pacts.web);
    } finally {
      broker.server.stop(true);
    }
  });

  test("publish-results - a broker with a user and password - each result on its pact version, basic auth", async () => {
    const broker = startBroker();
    try {
      const auth = {
        PACT_BROKER_BASE_URL: broker.url,
        PACT_BROKER_USERNAME: "ci",
        PACT_BROKER_PASSWORD: "pa:ss",
      };
      expect((await run("publish-pacts.ts", auth, dirs)).code).toBe(0);
      const { code, out } = await run("publish-results.ts", auth, dirs);
      expect(out).toContain("published checkout-web → checkout: passed (a1b2c3d × 9f8e7d6)");
      expect(code).toBe(0);
      const basic = `Basic ${btoa("ci:pa:ss")}`;
      expect(broker.requests.every((r) => r.authorization === basic)).toBe(true);
      expect(broker.requests.filter((r) => r.method === "GET").map((r) => r.path)).toEqual([
        "/pacts/provider/checkout/consumer/checkout-web/version/a1b2c3d",
        "/pacts/provider/checkout/consumer/identity/version/e4f5a6b",
      ]);
      const results = broker.requests.filter((r) => r.path.endsWith("/verification-results"));
      expect(results.map((r) => r.path)).toEqual([
        "/pacts/provider/checkout/consumer/checkout-web/pact-version/p-a1b2c3d/verification-results",
        "/pacts/provider/checkout/consumer/identity/pact-version/p-e4f5a6b/verification-results",
      ]);
      expect(results[0]?.body).toMatchObject({
        success: true,
        providerApplicationVersion: "9f8e7d6",
        providerVersionBranch: "main",
        testResults: [],
      });
      expect(results[1]?.body).toMatchObject({
        success: false,
        providerApplicationVersion: "9f8e7d6",
        testResults: [{ success: false, exceptions: [{ message: expect.stringContaining("placedAt") }] }],
      });
    } finally {
      broker.server.stop(true);
    }
  });

  test("publish-results - the broker lacks a pact - fails naming the edge and the consumer version", async () => {
    const broker = startBroker();
    try {
      const { code, out } = await run("publish-results.ts", { PACT_BROKER_BASE_URL: broker.url }, dirs);
      expect(code).toBe(1);
      expect(out).toContain("checkout-web → checkout: the broker has no pact for checkout-web a1b2c3d (404)");
    } finally {
      broker.server.stop(true);
    }
  });
});
