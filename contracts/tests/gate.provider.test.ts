/**
 * The gate refuses a breaking change. Two provider variants rename one field a consumer uses:
 * checkout's order API answering `createdAt` for `placedAt` (identity reads it), and the catalog's
 * `catalog.product-changed` carrying `updatedAt` for `changedAt` (explore, inventory and checkout
 * read it). Each variant is verified against the real pacts: verification fails with a message
 * naming the field and the consumer, and can-i-deploy, fed the variant's results, refuses it.
 * Nothing here is written to results/ or the matrix.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TestAccess, testAccess } from "@tessera/chassis/access/testing";
import { type Server, serve } from "@tessera/chassis/lifecycle";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { PRODUCT_CHANGED } from "@tessera/contracts/events";
import { canIDeploy, repositoryInput } from "../can-i-deploy.ts";
import { readMatrix, recordResults, type VerificationResult } from "../support/matrix.ts";
import { pactFile, pactsFor, pactType } from "../support/pact.ts";
import { PROVIDERS, type ProviderSpec } from "../support/providers.ts";
import { buildProvider, verifyPact } from "../support/verify.ts";

const VARIANT = "variant-renamed-field";
const scratch = mkdtempSync(join(tmpdir(), "tessera-gate-"));
const matrixFile = join(scratch, "matrix.json");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function record(spec: ProviderSpec, consumer: string, failure: string | undefined): void {
  const { pact } = pactsFor(spec.name).find((p) => p.pact.consumer.name === consumer) ?? {};
  if (!pact) throw new Error(`no ${consumer}-${spec.name} pact`);
  const row: VerificationResult = {
    edge: `${consumer} → ${spec.name}`,
    consumer,
    consumerVersion: pact.metadata?.tessera?.consumerVersion ?? "unknown",
    provider: spec.name,
    providerVersion: VARIANT,
    type: pactType(pact),
    result: failure ? "failed" : "passed",
    error: failure,
    pact: `contracts/pacts/${consumer}-${spec.name}.json`,
    verifiedAt: new Date().toISOString(),
  };
  recordResults([row], matrixFile);
}

function rename(value: unknown, from: string, to: string): unknown {
  if (Array.isArray(value)) return value.map((v) => rename(v, from, to));
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k === from ? to : k, rename(v, from, to)]),
    );
  return value;
}

describe("the gate - a provider renames a field its consumer uses", () => {
  const checkoutSpec = PROVIDERS.checkout as ProviderSpec;
  let service: BuiltService;
  let server: Server;
  let access: TestAccess;
  beforeAll(async () => {
    access = await testAccess();
    service = await buildProvider(checkoutSpec, access);
    // The variant: checkout's real app, its order list answering `createdAt` instead of `placedAt`.
    server = serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: async (request: Request) => {
        const response = await service.app.fetch(request);
        if (new URL(request.url).pathname !== "/api/orders" || !response.ok) return response;
        return Response.json(rename(await response.json(), "placedAt", "createdAt"));
      },
    });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await service?.close();
  });

  test("checkout variant - placedAt renamed createdAt - fails identity's pact naming the field and the consumer", async () => {
    const file = pactFile("identity", "checkout");
    const { pact } = pactsFor("checkout").find((p) => p.file === file) ?? {};
    if (!pact) throw new Error("no identity-checkout pact: run the consumer tests first");
    const failure = await verifyPact(checkoutSpec, service, server.url.toString(), pact, file, access);
    expect(failure).toBeDefined();
    console.log(`identity → checkout (variant):\n${failure}`);
    expect(failure).toContain("placedAt");
    expect(failure).toContain("identity");
    record(checkoutSpec, "identity", failure);

    const input = { ...repositoryInput(), matrix: readMatrix(matrixFile) };
    const answer = canIDeploy("checkout", VARIANT, input);
    expect(answer.ok).toBe(false);
    const row = answer.rows.find((r) => r.consumer === "identity" && r.what === "GET /api/orders");
    expect(row?.state).toBe("failed");
    expect(row?.detail).toContain("identity");
  }, 120_000);

  test("checkout variant - the add-to-cart form redirects elsewhere - fails checkout-web's pact naming Location", async () => {
    const file = pactFile("checkout-web", "checkout");
    const { pact } = pactsFor("checkout").find((p) => p.file === file) ?? {};
    if (!pact) throw new Error("no checkout-web-checkout pact: run the consumer tests first");
    // The variant: the real app, its form answers sending the shopper to `/basket` instead of `/checkout/cart`.
    const moved = serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: async (request: Request) => {
        const response = await service.app.fetch(request);
        const location = response.headers.get("location");
        if (response.status !== 303 || !location?.startsWith("/checkout/cart")) return response;
        const headers = new Headers(response.headers);
        headers.set("location", location.replace("/checkout/cart", "/basket"));
        return new Response(null, { status: 303, headers });
      },
    });
    try {
      const failure = await verifyPact(checkoutSpec, service, moved.url.toString(), pact, file, access);
      expect(failure).toBeDefined();
      console.log(`checkout-web → checkout (variant):\n${failure}`);
      expect(failure).toContain("checkout-web");
      expect(failure).toContain("location");
      expect(failure).toContain("/basket");
    } finally {
      await moved.stop();
    }
  }, 120_000);

  test("catalog variant - changedAt renamed updatedAt - fails explore's message pact naming the field and the consumer", async () => {
    const catalogSpec = PROVIDERS.catalog as ProviderSpec;
    const real = catalogSpec.publishers[PRODUCT_CHANGED];
    if (!real) throw new Error("the catalog publishes no product-changed");
    const variant: ProviderSpec = {
      ...catalogSpec,
      publishers: {
        [PRODUCT_CHANGED]: async (s, params) => rename(await real(s, params), "changedAt", "updatedAt"),
      },
    };
    const catalogService = await buildService(catalogSpec.definition, {
      env: { LOG_LEVEL: "silent" },
      inMemory: true,
    });
    const catalogServer = serve({ fetch: catalogService.app.fetch, port: 0, hostname: "127.0.0.1" });
    try {
      const file = pactFile("explore", "catalog");
      const { pact } = pactsFor("catalog").find((p) => p.file === file) ?? {};
      if (!pact) throw new Error("no explore-catalog pact: run the consumer tests first");
      const failure = await verifyPact(variant, catalogService, catalogServer.url.toString(), pact, file);
      expect(failure).toBeDefined();
      console.log(`explore → catalog (variant):\n${failure}`);
      expect(failure).toContain("changedAt");
      expect(failure).toContain("explore");
      record(variant, "explore", failure);
      const answer = canIDeploy("catalog", VARIANT, { ...repositoryInput(), matrix: readMatrix(matrixFile) });
      expect(answer.ok).toBe(false);
      expect(answer.rows.find((r) => r.consumer === "explore" && r.what === PRODUCT_CHANGED)?.state).toBe(
        "failed",
      );
    } finally {
      await catalogServer.stop();
      await catalogService.close();
    }
  }, 120_000);
});
