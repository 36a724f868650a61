/**
 * What each `tessera` command does: deploy (build, publish, gate, activate or canary, wait for
 * the storefront), promote, rollback, a canary's share, and the state and log read back. Every
 * change — done, refused or failed — is written to the deployment log.
 */
import { resolve } from "node:path";
import {
  activate,
  BUILT_IN,
  type LogEntry,
  promote,
  publishRelease,
  RefusedChange,
  type ReleaseState,
  type ReleaseStore,
  rollback,
  setCanaryShare,
  startCanary,
  TEAM_NAME,
  teamReleases,
} from "@tessera/chassis/releases";
import { formatTable } from "../../contracts/can-i-deploy.ts";
import { buildRelease, cleanStage } from "./build.ts";
import { checkContracts } from "./gate.ts";
import { probeRelease, waitForStorefront } from "./storefront.ts";

export interface CliContext {
  store: ReleaseStore;
  releasesDir: string;
  /** The running storefront's base URL. */
  storefront: string;
  by: string;
  say: (line: string) => void;
  /** How long to wait for the storefront to use a change. */
  waitMs: number;
}

/** A command's outcome: the exit code. */
type Exit = 0 | 1;

function checkTeam(team: string | undefined): string {
  if (!team || !TEAM_NAME.test(team))
    throw new RefusedChange(`give a team name (lower-case letters, digits, dashes), got "${team ?? ""}"`);
  return team;
}

async function record(ctx: CliContext, entry: Omit<LogEntry, "at" | "by">): Promise<void> {
  await ctx.store.append({ at: new Date().toISOString(), by: ctx.by, ...entry });
}

/** Applies a state change, logs it, waits for the storefront; refusals are logged and exit 1. */
async function change(
  ctx: CliContext,
  action: LogEntry["action"],
  team: string,
  next: (state: ReleaseState) => ReleaseState,
  describe: (
    before: ReleaseState,
    after: ReleaseState,
  ) => { version?: string; from?: string; detail?: string },
): Promise<Exit> {
  const before = await ctx.store.read();
  let after: ReleaseState;
  try {
    after = await ctx.store.update(next);
  } catch (error) {
    if (!(error instanceof RefusedChange)) throw error;
    const { version, from } = describe(before, before);
    await record(ctx, { action, team, version, from, result: "refused", reason: error.message });
    ctx.say(`✗ ${action} refused: ${error.message}`);
    return 1;
  }
  const what = describe(before, after);
  await record(ctx, { action, team, ...what, result: "ok" });
  ctx.say(
    `• ${action} ${team}: ${what.detail ?? `${what.from ?? "?"} → ${what.version ?? "?"}`} (revision ${after.revision})`,
  );
  ctx.say(`• waiting for the storefront at ${ctx.storefront} to use it…`);
  const outcome = await waitForStorefront(ctx.storefront, after.revision, ctx.waitMs);
  if (outcome.kind === "seen") {
    ctx.say(`  ✓ the storefront uses it (after ${outcome.ms} ms): the next page view gets it`);
    return 0;
  }
  if (outcome.kind === "unreachable") {
    ctx.say(
      `  ! no storefront answered at ${ctx.storefront} (${outcome.reason}): the change is stored and a storefront reading ${ctx.releasesDir} uses it when it starts (--storefront <url> names another)`,
    );
    return 0;
  }
  ctx.say(
    `  ✗ the storefront at ${ctx.storefront} still renders with revision ${outcome.revision} after ${ctx.waitMs} ms: is it reading the same release state (${ctx.store.kind === "file" ? ctx.releasesDir : "NATS"})?`,
  );
  return 1;
}

export interface DeployOptions {
  source?: string;
  /** Percent of shoppers for a canary; absent: straight to everyone. */
  canary?: number;
}

/** `tessera deploy <team>`. */
export async function deploy(
  ctx: CliContext,
  teamArg: string | undefined,
  options: DeployOptions,
): Promise<Exit> {
  const team = checkTeam(teamArg);
  const action = options.canary === undefined ? "deploy" : "canary";
  const from = teamReleases(await ctx.store.read(), team).active;
  let built: Awaited<ReturnType<typeof buildRelease>>;
  try {
    built = await buildRelease(team, options.source, ctx.say);
  } catch (error) {
    const reason = (error as Error).message;
    await record(ctx, {
      action,
      team,
      from,
      result: "failed",
      reason: `build failed: ${reason.split("\n")[0]}`,
    });
    ctx.say(`✗ the build failed: ${reason}`);
    return 1;
  }
  const { version } = built;
  const published = publishRelease(ctx.releasesDir, team, version, built.dir);
  cleanStage(built);
  ctx.say(
    published.created
      ? `• published ${team} ${version} (immutable) in ${published.dir}`
      : `• ${team} ${version} is already published (same sources, same version): nothing rewritten`,
  );
  const verdict = await checkContracts(team, version, resolve(ctx.releasesDir), ctx.say);
  ctx.say(verdict.table.replace(/^/gm, "    "));
  if (!verdict.ok) {
    await record(ctx, {
      action,
      team,
      version,
      from,
      result: "refused",
      reason: verdict.reason,
      detail: verdict.table,
    });
    ctx.say(`✗ ${team} ${version} cannot be deployed: ${verdict.reason}`);
    return 1;
  }
  ctx.say(`  ✓ ${team} ${version} can be deployed`);
  if (built.hasRemote) {
    ctx.say(`• checking that the running storefront serves ${team} ${version}…`);
    const problem = await probeRelease(ctx.storefront, team, version);
    if (problem === "unreachable") ctx.say(`  (no storefront answered at ${ctx.storefront}: not checked)`);
    else if (problem) {
      const reason = `the running ${team} service cannot serve ${version}: ${problem} (is it reading ${ctx.releasesDir}, and does it render releases?)`;
      await record(ctx, { action, team, version, from, result: "refused", reason });
      ctx.say(`✗ ${reason}`);
      return 1;
    } else ctx.say("  ✓ its remote is served");
  }
  return change(
    ctx,
    action,
    team,
    (s) =>
      options.canary === undefined
        ? activate(s, team, version)
        : startCanary(s, team, version, options.canary),
    () => ({
      version,
      from,
      detail:
        options.canary === undefined
          ? `${from} → ${version}`
          : `${version} to ${options.canary}% of shoppers (others keep ${from})`,
    }),
  );
}

/** `tessera promote <team>`: the canary to everyone. */
export async function promoteCanary(ctx: CliContext, teamArg: string | undefined): Promise<Exit> {
  const team = checkTeam(teamArg);
  return change(
    ctx,
    "promote",
    team,
    (s) => promote(s, team),
    (before) => {
      const t = teamReleases(before, team);
      return { version: t.canary?.version, from: t.active };
    },
  );
}

/** `tessera rollback <team>`: stop the canary, or back to the previous version. */
export async function rollbackTeam(ctx: CliContext, teamArg: string | undefined): Promise<Exit> {
  const team = checkTeam(teamArg);
  return change(
    ctx,
    "rollback",
    team,
    (s) => rollback(s, team),
    (before, after) => {
      const t = teamReleases(before, team);
      return {
        version: teamReleases(after, team).active,
        from: t.canary?.version ?? t.active,
        detail: t.canary ? `canary ${t.canary.version} stopped, everyone on ${t.active}` : undefined,
      };
    },
  );
}

/** `tessera canary <team> <percent>`: change a running canary's share (a config change). */
export async function canaryShare(
  ctx: CliContext,
  teamArg: string | undefined,
  share: number,
): Promise<Exit> {
  const team = checkTeam(teamArg);
  return change(
    ctx,
    "config",
    team,
    (s) => setCanaryShare(s, team, share),
    (before) => {
      const t = teamReleases(before, team);
      return {
        version: t.canary?.version,
        detail: `canary ${t.canary?.version ?? "?"} from ${t.canary?.share ?? "?"}% to ${share}%`,
      };
    },
  );
}

/** `tessera releases [team]`: the live versions. */
export async function showReleases(ctx: CliContext, team?: string): Promise<Exit> {
  const state = await ctx.store.read();
  const teams = team ? [team] : Object.keys(state.teams).sort();
  if (teams.length === 0) ctx.say(`nothing deployed yet: every team runs its built-in version (${BUILT_IN})`);
  else
    ctx.say(
      formatTable(
        ["team", "active", "canary", "previous", "changed"],
        teams.map((name) => {
          const t = teamReleases(state, name);
          return [
            name,
            t.active,
            t.canary ? `${t.canary.version} (${t.canary.share}%)` : "",
            t.previous.join(", "),
            t.updatedAt,
          ];
        }),
      ),
    );
  return 0;
}

/** `tessera log [team] [--json]`: the deployment log, newest first (`json`: one entry per line). */
export async function showLog(ctx: CliContext, team?: string, json = false): Promise<Exit> {
  const entries = await ctx.store.entries({ team, limit: 100 });
  if (json) for (const entry of entries) ctx.say(JSON.stringify(entry));
  else if (entries.length === 0) ctx.say("the deployment log is empty");
  else
    ctx.say(
      formatTable(
        ["when", "who", "action", "team", "version", "from", "result", "reason"],
        entries.map((e) => [
          e.at,
          e.by,
          e.action,
          e.team,
          e.version ?? "",
          e.from ?? "",
          e.result,
          e.reason ?? "",
        ]),
      ),
    );
  return 0;
}
