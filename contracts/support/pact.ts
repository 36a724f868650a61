/**
 * What the consumer and provider tests share: where pacts and verification results live, the
 * version (git sha) and branch they are recorded under, and reading the pacts back.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** `contracts/pacts`, or `TESSERA_PACTS_DIR` (the broker test publishes fixtures from elsewhere). */
export const PACTS_DIR = process.env.TESSERA_PACTS_DIR || join(import.meta.dir, "..", "pacts");
/** `contracts/results`, or `TESSERA_RESULTS_DIR`. */
export const RESULTS_DIR = process.env.TESSERA_RESULTS_DIR || join(import.meta.dir, "..", "results");

function git(...args: string[]): string | undefined {
  const run = Bun.spawnSync(["git", ...args], { cwd: import.meta.dir, stderr: "ignore" });
  const out = run.stdout.toString().trim();
  return run.exitCode === 0 && out ? out : undefined;
}

/** The version pacts and results are recorded under: `GIT_SHA`, or the short sha of HEAD. */
export const gitSha = (): string => process.env.GIT_SHA || git("rev-parse", "--short", "HEAD") || "unknown";

/** The provider's version in a verification: `PROVIDER_VERSION` (a variant under test), else the git sha. */
export const providerVersion = (): string => process.env.PROVIDER_VERSION || gitSha();

/** The branch: `GIT_BRANCH`, or the checked-out branch. */
export const gitBranch = (): string =>
  process.env.GIT_BRANCH || git("rev-parse", "--abbrev-ref", "HEAD") || "unknown";

export const pactFile = (consumer: string, provider: string): string =>
  join(PACTS_DIR, `${consumer}-${provider}.json`);

/** Which interactions of a pact file a test file writes (and so clears before writing them again). */
export interface PactOwner {
  /** Names the owner: each owner clears a pair once per process. */
  name: string;
  owns: (interaction: PactFile["interactions"][number]) => boolean;
}
const isHttp = (i: PactFile["interactions"][number]) => Boolean(i.type?.includes("HTTP"));
/** The HTTP interactions (the default owner). */
export const HTTP_INTERACTIONS: PactOwner = { name: "http", owns: isHttp };
/** The message interactions. */
export const MESSAGE_INTERACTIONS: PactOwner = { name: "message", owns: (i) => !isHttp(i) };

/**
 * Clears a pact's interactions that `owner` writes, before its first test in this process: the
 * core merges into an existing file, so a removed interaction would linger. Several test files
 * may write the same pair (explore → catalog has a message and a fragment file), so each clears
 * only its own: running one test file alone keeps the others' interactions.
 */
const holder = globalThis as { __tesseraPacts?: Set<string> };
holder.__tesseraPacts ??= new Set();
const started: Set<string> = holder.__tesseraPacts;
export function startPact(consumer: string, provider: string, owner: PactOwner = HTTP_INTERACTIONS): void {
  mkdirSync(PACTS_DIR, { recursive: true });
  const file = pactFile(consumer, provider);
  const key = `${file}|${owner.name}`;
  if (started.has(key)) return;
  started.add(key);
  if (!existsSync(file)) return;
  const pact = JSON.parse(readFileSync(file, "utf8")) as PactFile;
  const kept = pact.interactions.filter((i) => !owner.owns(i));
  if (kept.length === 0) rmSync(file, { force: true });
  else writeFileSync(file, `${JSON.stringify({ ...pact, interactions: kept }, null, 2)}\n`);
}

/** Records the consumer's version and branch in the pact's metadata once its tests are done. */
export function stampPact(consumer: string, provider: string): void {
  const file = pactFile(consumer, provider);
  if (!existsSync(file)) return;
  const pact = JSON.parse(readFileSync(file, "utf8")) as PactFile;
  for (const interaction of pact.interactions) dropSniffedContentType(interaction as RawInteraction);
  pact.metadata = { ...pact.metadata, tessera: { consumerVersion: gitSha(), branch: gitBranch() } };
  writeFileSync(file, `${JSON.stringify(pact, null, 2)}\n`);
}

interface RawInteraction {
  response?: { matchingRules?: { body?: Record<string, { matchers?: { match?: string }[] }> } };
}

/**
 * pact-js adds a `contentType` matcher to a binary (Buffer) body, which the verifier checks by
 * sniffing the bytes (tree_magic): a well-formed fragment such as `<section …>…</section>` sniffs
 * as `application/xml` and fails although the provider says `text/html`. The content type is
 * promised by the `content-type` header rule instead, so the sniffing matcher is dropped and the
 * regex rules on `$` stay.
 */
function dropSniffedContentType(interaction: RawInteraction): void {
  const root = interaction.response?.matchingRules?.body?.$;
  if (root?.matchers) root.matchers = root.matchers.filter((m) => m.match !== "contentType");
}

/** The parts of a pact file the provider side reads. */
export interface PactFile {
  consumer: { name: string };
  provider: { name: string };
  interactions: {
    type?: string;
    description: string;
    providerStates?: { name: string; params?: Record<string, unknown> }[];
    metadata?: Record<string, unknown>;
  }[];
  metadata?: { tessera?: { consumerVersion?: string; branch?: string }; [key: string]: unknown };
}

/** Every pact in `contracts/pacts` whose provider is `provider`, with its file. */
export function pactsFor(provider: string): { file: string; pact: PactFile }[] {
  if (!existsSync(PACTS_DIR)) return [];
  return readdirSync(PACTS_DIR)
    .filter((name) => name.endsWith(".json"))
    .map((name) => join(PACTS_DIR, name))
    .map((file) => ({ file, pact: JSON.parse(readFileSync(file, "utf8")) as PactFile }))
    .filter(({ pact }) => pact.provider?.name === provider);
}

/** `http`, `message`, or `mixed`, from the V4 interaction types. */
export function pactType(pact: PactFile): "http" | "message" | "mixed" {
  const kinds = new Set(pact.interactions.map((i) => (i.type?.includes("HTTP") ? "http" : "message")));
  if (kinds.size === 1) return kinds.has("http") ? "http" : "message";
  return "mixed";
}

interface Mismatch {
  type?: string;
  path?: string;
  mismatch?: string;
  key?: string;
}
interface VerificationErrors {
  errors?: { interaction?: string; mismatch?: { mismatches?: Mismatch[]; message?: string } }[];
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** The verifier's failure (a JSON report in the error's message) as a few readable lines. */
export function describeVerificationFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  let report: VerificationErrors;
  try {
    report = JSON.parse(message) as VerificationErrors;
  } catch {
    return clip(message, 2000);
  }
  const lines = (report.errors ?? []).flatMap(({ interaction, mismatch }) => [
    `✗ ${interaction ?? "(interaction)"}`,
    ...(mismatch?.mismatches ?? []).map((m) => {
      const regex = /^Expected '([\s\S]*)' to match '([\s\S]*)'$/.exec(m.mismatch ?? "");
      const what = regex
        ? `expected to match /${clip(regex[2] ?? "", 400)}/ but was '${clip((regex[1] ?? "").replace(/\s+/g, " "), 240)}'`
        : clip(m.mismatch ?? JSON.stringify(m), 600);
      return `    ${m.type ?? "Mismatch"} at ${m.path ?? m.key ?? "?"}: ${what}`;
    }),
    ...(mismatch?.message ? [`    ${clip(mismatch.message, 600)}`] : []),
  ]);
  return lines.length > 0 ? lines.join("\n") : clip(message, 2000);
}
