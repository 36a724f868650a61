/**
 * The catalog verifies every pact in `contracts/pacts` whose provider is "catalog": HTTP
 * interactions against the real app (real in-memory database) on a free port, messages against
 * the real event builder fed from the catalog's rows. Results go to `contracts/results/catalog.json`,
 * and to the Pact Broker as well when `PACT_BROKER_BASE_URL` is set.
 */
import { afterAll, beforeAll, describe, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import {
  type MessageProviders,
  providerWithMetadata,
  Verifier,
  type VerifierOptions,
} from "@pact-foundation/pact";
import type { Db } from "@tessera/chassis/db";
import { type Server, serve } from "@tessera/chassis/lifecycle";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { PRODUCT_CHANGED } from "@tessera/contracts/events";
import { eq } from "drizzle-orm";
import { catalog } from "../../services/catalog/app.ts";
import { products, variants } from "../../services/catalog/db/schema.ts";
import { seedCatalog } from "../../services/catalog/db/seed.ts";
import { productChanged } from "../../services/catalog/events/product-changed.ts";
import {
  describeVerificationFailure,
  gitBranch,
  gitSha,
  type PactFile,
  pactsFor,
  pactType,
  RESULTS_DIR,
} from "../support/pact.ts";

type StateHandlers = NonNullable<VerifierOptions["stateHandlers"]>;

const PROVIDER = "catalog";
const pacts = pactsFor(PROVIDER);

let service: BuiltService;
let server: Server;
const db = (): Db => service.ctx.database.db;
beforeAll(async () => {
  service = await buildService(catalog, { env: { LOG_LEVEL: "silent" }, inMemory: true });
  server = serve({ fetch: service.app.fetch, port: 0, hostname: "127.0.0.1" });
});
afterAll(async () => {
  await server?.stop();
  await service?.close();
  writeResults();
});

// ---- Provider states: each makes its sentence true in the catalog's own database. ----

async function ensureProduct(sku: string): Promise<void> {
  await seedCatalog(db());
  const [found] = await db().select().from(variants).where(eq(variants.sku, sku));
  if (found) return;
  const productId = `TEST-${sku}`;
  await db()
    .insert(products)
    .values({ id: productId, name: `Test ${sku}`, description: "A contract-test product", category: "test" })
    .onConflictDoNothing();
  await db()
    .insert(variants)
    .values({ sku, productId, name: `Test ${sku}`, color: "#000000", priceCents: 100 });
}

async function removeProduct(sku: string): Promise<void> {
  await db().delete(variants).where(eq(variants.sku, sku));
}

const STATES: [RegExp, (match: RegExpMatchArray) => Promise<unknown>][] = [
  [/^the catalogue is seeded$/, () => seedCatalog(db())],
  [/^a product with sku (\S+) exists$/, (m) => ensureProduct(m[1] as string)],
  [/^no product with sku (\S+)$/, (m) => removeProduct(m[1] as string)],
];

/** Pact only logs a failing state handler; these make the verification fail. */
const stateErrors: string[] = [];

/** A handler for each provider state the pacts name; a state the catalog cannot set up fails here. */
function stateHandlers(pactFiles: PactFile[]): StateHandlers {
  const handlers: StateHandlers = {};
  const names = pactFiles.flatMap((p) => p.interactions.flatMap((i) => i.providerStates ?? []));
  for (const { name } of names) {
    const entry = STATES.find(([pattern]) => pattern.test(name));
    if (!entry) throw new Error(`the catalog has no handler for provider state "${name}"`);
    const [pattern, setup] = entry;
    handlers[name] = async () => {
      await setup(name.match(pattern) as RegExpMatchArray).catch((error: Error) => {
        stateErrors.push(`provider state "${name}": ${error.message}`);
        throw error;
      });
    };
  }
  return handlers;
}

// ---- Messages: what the catalog publishes, by subject, built by its real builders. ----

const PUBLISHERS: Record<string, (sku: string) => Promise<unknown>> = {
  [PRODUCT_CHANGED]: async (sku) => {
    const [row] = await db()
      .select({ product: products, variant: variants })
      .from(variants)
      .innerJoin(products, eq(products.id, variants.productId))
      .where(eq(variants.sku, sku));
    if (!row) throw new Error(`no variant ${sku} to build ${PRODUCT_CHANGED} from`);
    return productChanged(row.product, row.variant);
  },
};

function messageProviders(pactFiles: PactFile[]): MessageProviders {
  const providers: MessageProviders = {};
  for (const interaction of pactFiles.flatMap((p) => p.interactions)) {
    if (interaction.type?.includes("HTTP")) continue;
    const subject = String(interaction.metadata?.subject ?? "");
    const publish = PUBLISHERS[subject];
    if (!publish) throw new Error(`the catalog publishes nothing on subject "${subject}"`);
    const sku = interaction.providerStates?.map((s) => s.params?.sku).find((v) => typeof v === "string");
    if (!sku) throw new Error(`message "${interaction.description}" needs a provider state with a sku`);
    providers[interaction.description] = providerWithMetadata(() => publish(sku), { subject });
  }
  return providers;
}

// ---- Verification and results. ----

interface Result {
  edge: string;
  consumer: string;
  consumerVersion: string;
  provider: string;
  providerVersion: string;
  type: string;
  result: "passed" | "failed";
  error?: string;
  pact: string;
}
const results: Result[] = [];

function writeResults(): void {
  if (results.length === 0) return;
  mkdirSync(RESULTS_DIR, { recursive: true });
  const report = {
    provider: PROVIDER,
    providerVersion: gitSha(),
    branch: gitBranch(),
    verifiedAt: new Date().toISOString(),
    results,
  };
  writeFileSync(join(RESULTS_DIR, `${PROVIDER}.json`), `${JSON.stringify(report, null, 2)}\n`);
}

const broker = process.env.PACT_BROKER_BASE_URL;
const brokerAuth = Object.fromEntries(
  Object.entries({
    pactBrokerToken: process.env.PACT_BROKER_TOKEN,
    pactBrokerUsername: process.env.PACT_BROKER_USERNAME,
    pactBrokerPassword: process.env.PACT_BROKER_PASSWORD,
  }).filter(([, value]) => value),
);

describe(`${PROVIDER} verifies its consumers' pacts`, () => {
  test("there are pacts to verify", () => {
    if (pacts.length === 0) {
      throw new Error(`no pacts for ${PROVIDER} in contracts/pacts: run the consumer tests first`);
    }
  });

  for (const { file, pact } of pacts) {
    const consumer = pact.consumer.name;
    const type = pactType(pact);
    test(`${consumer} → ${PROVIDER} (${type}, ${basename(file)})`, async () => {
      stateErrors.length = 0;
      const result: Result = {
        edge: `${consumer} → ${PROVIDER}`,
        consumer,
        consumerVersion: pact.metadata?.tessera?.consumerVersion ?? "unknown",
        provider: PROVIDER,
        providerVersion: gitSha(),
        type,
        result: "failed",
        pact: `contracts/pacts/${basename(file)}`,
      };
      results.push(result);
      let failure: string | undefined;
      try {
        // No `provider` here: with it, pact-core would also pull the broker's pacts whenever
        // PACT_BROKER_BASE_URL is set; the broker has its own test below.
        await new Verifier({
          providerBaseUrl: server.url,
          pactUrls: [file],
          stateHandlers: stateHandlers([pact]),
          messageProviders: messageProviders([pact]),
          logLevel: "warn",
        }).verifyProvider();
      } catch (error) {
        failure = describeVerificationFailure(error);
      }
      const problems = [failure, ...stateErrors].filter(Boolean);
      if (problems.length > 0) {
        result.error = problems.join("\n");
        throw new Error(`${consumer} → ${PROVIDER} failed verification:\n${result.error}`);
      }
      result.result = "passed";
    }, 60_000);
  }

  // Registered only where a broker is configured (a team's CI): there is nothing to verify otherwise.
  if (broker)
    test("the broker's pacts, with results published", async () => {
      await new Verifier({
        provider: PROVIDER,
        providerBaseUrl: server.url,
        pactBrokerUrl: broker,
        ...brokerAuth,
        consumerVersionSelectors: [
          { mainBranch: true },
          { matchingBranch: true },
          { deployedOrReleased: true },
        ],
        stateHandlers: stateHandlers(pacts.map((p) => p.pact)),
        messageProviders: messageProviders(pacts.map((p) => p.pact)),
        publishVerificationResult: true,
        providerVersion: gitSha(),
        providerVersionBranch: gitBranch(),
        logLevel: "warn",
      })
        .verifyProvider()
        .catch((error: unknown) => {
          throw new Error(`the broker's pacts failed verification:\n${describeVerificationFailure(error)}`);
        });
    }, 120_000);
});
