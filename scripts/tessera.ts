/**
 * `tessera`: a team deploys its fragments on its own, into the running storefront.
 *
 *   tessera deploy <team> [--source <dir>] [--canary <percent>] [--by <who>]
 *   tessera promote <team>          the canary to every shopper
 *   tessera rollback <team>         stop the canary, or back to the previous version, at once
 *   tessera canary <team> <percent> change a running canary's share
 *   tessera releases [team]         the live versions
 *   tessera log [team] [--json]     the deployment log, newest first
 *
 * Options for every command: --storefront <url> (default $TESSERA_URL, else
 * http://localhost:$PORT or :3000), --wait <ms> (default 15000), --by <who>. The release state is
 * the one the configuration names: NATS JetStream when NATS_URL is set, else the files in
 * TESSERA_RELEASES_DIR (default <DATA_DIR>/releases, DATA_DIR default .data).
 */
import { parseArgs } from "node:util";
import { openReleaseStore, RefusedChange, releaseEnv } from "@tessera/chassis/releases";
import {
  type CliContext,
  canaryShare,
  deploy,
  promoteCanary,
  rollbackTeam,
  showLog,
  showReleases,
} from "./deploy/commands.ts";
import { whoIsDeploying } from "./deploy/who.ts";

const USAGE = `usage: tessera <deploy|promote|rollback|canary|releases|log> [team] [options]
  deploy <team> [--source <dir>] [--canary <percent>]   build, publish, check contracts, activate
  promote <team>                                        the canary to every shopper
  rollback <team>                                       stop the canary, or back to the previous version
  canary <team> <percent>                               change a running canary's share
  releases [team]                                       the live versions
  log [team] [--json]                                   the deployment log, newest first
options: --storefront <url>  --wait <ms>  --by <who>`;

function percent(value: string | undefined, what: string): number {
  const n = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || n < 1 || n > 99)
    throw new RefusedChange(`${what} is a whole percentage from 1 to 99 (got "${value ?? ""}")`);
  return n;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      source: { type: "string" },
      canary: { type: "string" },
      by: { type: "string" },
      storefront: { type: "string" },
      wait: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, team, extra] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const settings = releaseEnv(process.env);
  const waitMs = values.wait === undefined ? 15_000 : Number(values.wait);
  if (!Number.isInteger(waitMs) || waitMs < 0)
    throw new RefusedChange(`--wait is milliseconds (got "${values.wait}")`);
  const store = await openReleaseStore(settings, "tessera-cli");
  const ctx: CliContext = {
    store,
    releasesDir: settings.releasesDir,
    storefront:
      values.storefront ?? process.env.TESSERA_URL ?? `http://localhost:${process.env.PORT || 3000}`,
    by: whoIsDeploying(values.by),
    say: (line) => console.log(line),
    waitMs,
  };
  try {
    switch (command) {
      case "deploy":
        return await deploy(ctx, team, {
          source: values.source,
          canary: values.canary === undefined ? undefined : percent(values.canary, "--canary"),
        });
      case "promote":
        return await promoteCanary(ctx, team);
      case "rollback":
        return await rollbackTeam(ctx, team);
      case "canary":
        return await canaryShare(ctx, team, percent(extra, "the canary's share"));
      case "releases":
        return await showReleases(ctx, team);
      case "log":
        return await showLog(ctx, team, values.json);
      default:
        console.error(`unknown command "${command}"\n${USAGE}`);
        return 2;
    }
  } finally {
    await store.close();
  }
}

try {
  process.exit(await main(process.argv.slice(2)));
} catch (error) {
  console.error(`✗ ${(error as Error).message}`);
  process.exit(
    error instanceof RefusedChange || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") ? 2 : 1,
  );
}
