/**
 * Provider verification, the same for every provider: the real service (in-memory PGlite,
 * seeded as it seeds itself) on a free port for HTTP interactions, the producer's real code for
 * messages (see providers.ts), a handler for every provider state the pacts name. Each pact is
 * one test; its result goes to `results/<provider>.json` and into the matrix
 * (`results/matrix.json`), and to the Pact Broker when `PACT_BROKER_BASE_URL` is set.
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
import { type TestAccess, testAccess } from "@tessera/chassis/access/testing";
import { type Server, serve } from "@tessera/chassis/lifecycle";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { remintIdentity } from "./identity-token.ts";
import { recordResults, type VerificationResult } from "./matrix.ts";
import {
  describeVerificationFailure,
  gitBranch,
  type PactFile,
  pactsFor,
  pactType,
  providerVersion,
  RESULTS_DIR,
} from "./pact.ts";
import type { Params, ProviderSpec } from "./providers.ts";

type StateHandlers = NonNullable<VerifierOptions["stateHandlers"]>;
type RequestFilter = NonNullable<VerifierOptions["requestFilter"]>;

/**
 * pact-js's verification proxy parses a form-urlencoded body and forwards it re-encoded as JSON
 * under the form's content type (and old length), which no form endpoint can read. This filter,
 * run after that parsing, puts the form back as the pact recorded it.
 */
export const restoreFormBody: RequestFilter = (
  req: { body?: unknown; headers: Record<string, string | string[] | undefined> },
  _res: unknown,
  next: () => void,
) => {
  const type = String(req.headers["content-type"] ?? "");
  if (type.startsWith("application/x-www-form-urlencoded") && req.body && !Buffer.isBuffer(req.body)) {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(req.body as Record<string, unknown>))
      for (const item of Array.isArray(value) ? value : [value]) form.append(name, String(item));
    const bytes = Buffer.from(form.toString());
    req.body = bytes;
    req.headers["content-length"] = String(bytes.length);
  }
  next();
};

/**
 * The request filter of a verification: the form body restored and, when the service trusts
 * `access`'s key, the pact's example identity token swapped for a fresh one for `audience`.
 */
export function requestFilter(audience: string, access?: TestAccess): RequestFilter {
  return (
    req: { body?: unknown; headers: Record<string, string | string[] | undefined> },
    res: unknown,
    next: (error?: unknown) => void,
  ) =>
    restoreFormBody(req, res, () => {
      if (!access) return next();
      remintIdentity(req.headers, access, audience).then(() => next(), next);
    });
}

/**
 * The provider's service as a verification runs it: built in memory with its own database,
 * trusting `access`'s key for internal identity tokens.
 */
export async function buildProvider(spec: ProviderSpec, access: TestAccess): Promise<BuiltService> {
  return buildService(spec.definition, {
    env: { LOG_LEVEL: "silent", ...access.env, ...spec.env },
    inMemory: true,
  });
}

/** The provider's version: `PROVIDER_VERSION` (a variant under test), else the git sha. */
export { providerVersion };

export interface VerifyOptions {
  /** Pacts to verify (default: every pact in contracts/pacts naming the provider). */
  pacts?: { file: string; pact: PactFile }[];
  /** Record results in results/ and the matrix (default true). */
  record?: boolean;
}

/** Verifies one pact file against a running provider; resolves with the failure text, if any. */
export async function verifyPact(
  spec: ProviderSpec,
  service: BuiltService,
  baseUrl: string,
  pact: PactFile,
  file: string,
  /** The key the service trusts (see {@link buildProvider}), to speak for the pacts' users. */
  access?: TestAccess,
): Promise<string | undefined> {
  const stateErrors: string[] = [];
  let failure: string | undefined;
  try {
    // No `provider` here: with it, pact-core would also pull the broker's pacts whenever
    // PACT_BROKER_BASE_URL is set; the broker has its own test.
    await new Verifier({
      providerBaseUrl: baseUrl,
      pactUrls: [file],
      stateHandlers: stateHandlers(spec, service, [pact], stateErrors),
      messageProviders: messageProviders(spec, service, [pact]),
      // A form's `303 See Other` is the answer the page relies on: compare it, do not follow it.
      followRedirects: false,
      requestFilter: requestFilter(spec.name, access),
      logLevel: "error",
    }).verifyProvider();
  } catch (error) {
    failure = describeVerificationFailure(error);
  }
  const problems = [failure, ...stateErrors].filter(Boolean);
  return problems.length > 0 ? problems.join("\n") : undefined;
}

function stateHandlers(
  spec: ProviderSpec,
  service: BuiltService,
  pactFiles: PactFile[],
  errors: string[],
): StateHandlers {
  const handlers: StateHandlers = {};
  const states = pactFiles.flatMap((p) => p.interactions.flatMap((i) => i.providerStates ?? []));
  for (const { name } of states) {
    const entry = spec.states.find(([pattern]) => pattern.test(name));
    if (!entry) throw new Error(`${spec.name} has no handler for provider state "${name}"`);
    const [pattern, setup] = entry;
    handlers[name] = async (params?: unknown) => {
      await setup(service, name.match(pattern) as RegExpMatchArray, (params ?? {}) as Params).catch(
        (error: Error) => {
          errors.push(`provider state "${name}": ${error.message}`);
          throw error;
        },
      );
    };
  }
  return handlers;
}

function messageProviders(
  spec: ProviderSpec,
  service: BuiltService,
  pactFiles: PactFile[],
): MessageProviders {
  const providers: MessageProviders = {};
  for (const interaction of pactFiles.flatMap((p) => p.interactions)) {
    if (interaction.type?.includes("HTTP")) continue;
    const subject = String(interaction.metadata?.subject ?? "");
    const publish = spec.publishers[subject];
    if (!publish) throw new Error(`${spec.name} publishes nothing on subject "${subject}"`);
    const params = Object.assign(
      {},
      ...(interaction.providerStates ?? []).map((s) => s.params ?? {}),
    ) as Params;
    providers[interaction.description] = providerWithMetadata(() => publish(service, params), { subject });
  }
  return providers;
}

const brokerAuth = () =>
  Object.fromEntries(
    Object.entries({
      pactBrokerToken: process.env.PACT_BROKER_TOKEN,
      pactBrokerUsername: process.env.PACT_BROKER_USERNAME,
      pactBrokerPassword: process.env.PACT_BROKER_PASSWORD,
    }).filter(([, value]) => value),
  );

/** Registers the provider's verification tests (one per pact) in the calling test file. */
export function verifyProviderPacts(spec: ProviderSpec, options: VerifyOptions = {}): void {
  const pacts = options.pacts ?? pactsFor(spec.name);
  const results: VerificationResult[] = [];
  let service: BuiltService;
  let server: Server;
  let access: TestAccess;

  beforeAll(async () => {
    access = await testAccess();
    service = await buildProvider(spec, access);
    server = serve({ fetch: service.app.fetch, port: 0, hostname: "127.0.0.1" });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await service?.close();
    if (options.record !== false && results.length > 0) {
      mkdirSync(RESULTS_DIR, { recursive: true });
      const report = {
        provider: spec.name,
        providerVersion: providerVersion(),
        branch: gitBranch(),
        verifiedAt: new Date().toISOString(),
        results,
      };
      writeFileSync(join(RESULTS_DIR, `${spec.name}.json`), `${JSON.stringify(report, null, 2)}\n`);
      recordResults(results);
    }
  });

  describe(`${spec.name} verifies its consumers' pacts`, () => {
    test(`${spec.name} pacts - after the consumer tests - exist`, () => {
      if (pacts.length === 0)
        throw new Error(`no pacts for ${spec.name} in contracts/pacts: run the consumer tests first`);
    });

    for (const { file, pact } of pacts) {
      const consumer = pact.consumer.name;
      const type = pactType(pact);
      test(`${consumer} → ${spec.name} - real provider, ${type} (${basename(file)}) - verifies`, async () => {
        const result: VerificationResult = {
          edge: `${consumer} → ${spec.name}`,
          consumer,
          consumerVersion: pact.metadata?.tessera?.consumerVersion ?? "unknown",
          provider: spec.name,
          providerVersion: providerVersion(),
          type,
          result: "failed",
          interactions: pact.interactions.map((i) => i.description),
          pact: `contracts/pacts/${basename(file)}`,
          verifiedAt: new Date().toISOString(),
        };
        results.push(result);
        const failure = await verifyPact(spec, service, server.url.toString(), pact, file, access);
        if (failure) {
          result.error = failure;
          throw new Error(`${consumer} → ${spec.name} failed verification:\n${failure}`);
        }
        result.result = "passed";
      }, 120_000);
    }

    const broker = process.env.PACT_BROKER_BASE_URL;
    // Registered only where a broker is configured (a team's CI): there is nothing to verify otherwise.
    if (broker)
      test(`${spec.name} broker pacts - broker configured - verified, results published`, async () => {
        const errors: string[] = [];
        await new Verifier({
          provider: spec.name,
          providerBaseUrl: server.url.toString(),
          pactBrokerUrl: broker,
          ...brokerAuth(),
          consumerVersionSelectors: [
            { mainBranch: true },
            { matchingBranch: true },
            { deployedOrReleased: true },
          ],
          stateHandlers: stateHandlers(
            spec,
            service,
            pacts.map((p) => p.pact),
            errors,
          ),
          messageProviders: messageProviders(
            spec,
            service,
            pacts.map((p) => p.pact),
          ),
          followRedirects: false,
          requestFilter: requestFilter(spec.name, access),
          publishVerificationResult: true,
          providerVersion: providerVersion(),
          providerVersionBranch: gitBranch(),
          logLevel: "warn",
        })
          .verifyProvider()
          .catch((error: unknown) => {
            throw new Error(`the broker's pacts failed verification:\n${describeVerificationFailure(error)}`);
          });
      }, 180_000);
  });
}
