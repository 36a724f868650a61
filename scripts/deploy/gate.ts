/**
 * The deploy gate: may this release of a team's fragments go out? (contracts: "the deploy command
 * refuses a version that cannot be deployed".)
 *
 * 1. Pacts first: when contracts/pacts is empty, the consumer tests produce them.
 * 2. The team's provider verification runs against the candidate — the real service, rendering
 *    with the candidate release (`TESSERA_FRAGMENT_RELEASE`) — and is recorded in the results
 *    matrix under the candidate's version (`PROVIDER_VERSION`).
 * 3. `canIDeploy` answers from the matrix. The edges where the team is the provider are judged at
 *    the candidate version; the edges where it is a consumer at the version its pacts were written
 *    by (a fragment release does not re-run the consumer tests), their providers verified first
 *    when the matrix has no result for them.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { canIDeploy, formatTable, type GateRow, repositoryInput } from "../../contracts/can-i-deploy.ts";
import { REPO_ROOT } from "./build.ts";

export interface GateVerdict {
  ok: boolean;
  rows: GateRow[];
  /** The table as printed. */
  table: string;
  /** Why it cannot deploy (first failing rows), when it cannot. */
  reason?: string;
}

const CONTRACTS = join(REPO_ROOT, "contracts");
const BUN = process.execPath;

/** Runs `bun test <files>` in the repository with `env`, printing its last lines on failure. */
async function bunTest(files: string[], env: Record<string, string | undefined>, say: (l: string) => void) {
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...process.env, ...env }))
    if (value !== undefined) merged[name] = value;
  const child = Bun.spawn([BUN, "test", ...files], {
    cwd: REPO_ROOT,
    env: merged,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  const code = await child.exited;
  if (code !== 0) {
    const lines = `${out}\n${err}`.split("\n").filter((l) => /\(fail\)|error:|✗|Expected|Received/.test(l));
    for (const line of lines.slice(0, 12)) say(`    ${line.trim()}`);
  }
  return code === 0;
}

const providerTest = (team: string) => join(CONTRACTS, "tests", `${team}.provider.test.ts`);

/** The version the team's own pacts (as a consumer) were written by, if it has any. */
function consumerVersionOf(team: string): string | undefined {
  const input = repositoryInput();
  for (const file of existsSync(join(CONTRACTS, "pacts")) ? readdirSync(join(CONTRACTS, "pacts")) : [])
    if (file.startsWith(`${team}-`)) return input.pactVersion(`contracts/pacts/${file}`);
  return undefined;
}

/** Checks the candidate `version` of `team`'s fragments (published in `releasesDir`). */
export async function checkContracts(
  team: string,
  version: string,
  releasesDir: string,
  say: (line: string) => void,
): Promise<GateVerdict> {
  const pacts = join(CONTRACTS, "pacts");
  if (!existsSync(pacts) || readdirSync(pacts).filter((f) => f.endsWith(".json")).length === 0) {
    say("• no pacts yet: producing them (the consumer tests)…");
    const files = readdirSync(join(CONTRACTS, "tests"))
      .filter((f) => f.endsWith(".consumer.test.ts"))
      .map((f) => join(CONTRACTS, "tests", f));
    if (!(await bunTest(files, {}, say))) say("  (some consumer tests failed: their pacts are missing)");
  }
  const verifiedBefore = canIDeploy(team, version, repositoryInput()).rows.filter(
    // the pact edges (DOM events and federated modules are checked by tests, not verified per version)
    (r) => r.provider === team && r.consumer !== team && r.state !== "checked-by-test",
  );
  if (verifiedBefore.length > 0 && verifiedBefore.every((r) => r.state === "verified"))
    say(
      `• the pacts of ${team}'s consumers are already verified against ${version} (same sources, same version)`,
    );
  else if (existsSync(providerTest(team))) {
    say(`• verifying the pacts of ${team}'s consumers against ${version}…`);
    const started = performance.now();
    const passed = await bunTest(
      [providerTest(team)],
      {
        PROVIDER_VERSION: version,
        TESSERA_FRAGMENT_RELEASE: version,
        TESSERA_RELEASES_DIR: releasesDir,
        NATS_URL: undefined,
        DATABASE_URL: undefined,
      },
      say,
    );
    say(`  ${passed ? "✓" : "✗"} provider verification in ${Math.round(performance.now() - started)} ms`);
  }
  const asProvider = canIDeploy(team, version, repositoryInput()).rows.filter((r) => r.consumer !== team);
  const consumerVersion = consumerVersionOf(team);
  let asConsumer: GateRow[] = [];
  if (consumerVersion) {
    const judge = () =>
      canIDeploy(team, consumerVersion, repositoryInput()).rows.filter(
        (r) => r.consumer === team && r.provider !== team,
      );
    asConsumer = judge();
    const missing = [...new Set(asConsumer.filter((r) => r.state === "unverified").map((r) => r.provider))];
    for (const provider of missing.filter((p) => existsSync(providerTest(p)))) {
      say(`• ${provider} has not verified ${team}'s pacts (${consumerVersion}) yet: verifying them…`);
      await bunTest([providerTest(provider)], { NATS_URL: undefined, DATABASE_URL: undefined }, say);
    }
    if (missing.length > 0) asConsumer = judge();
  }
  const rows = [...asProvider, ...asConsumer];
  const ok =
    rows.length > 0 &&
    rows.every((r) => ["verified", "checked-by-test", "no-pact (proxy)"].includes(r.state));
  const table = formatTable(
    ["edge", "type", "what", "state", "detail"],
    rows.map((r) => [r.edge, r.type, r.what, r.state, r.detail ?? ""]),
  );
  const bad = rows.filter((r) => !["verified", "checked-by-test", "no-pact (proxy)"].includes(r.state));
  return {
    ok,
    rows,
    table,
    reason: ok
      ? undefined
      : rows.length === 0
        ? `${team} has no edges in contracts/edges/inventory.json`
        : bad.map((r) => `${r.edge} ${r.type} ${r.what}: ${r.state}`).join("; "),
  };
}
