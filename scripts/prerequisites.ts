/**
 * What the test tiers need from the machine: PostgreSQL and NATS JetStream for the integration
 * tier, Chromium for the browser tier. A missing server fails loudly (its tests are never
 * skipped); a missing Chromium is installed with apt-get when this is possible, or the run stops
 * naming the command to run.
 */
import { connect } from "node:net";

export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? "nats://127.0.0.1:4222";
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function reachable(host: string, port: number, timeoutMs = 3000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function checkServer(name: string, url: string, howTo: string): Promise<string | undefined> {
  const u = new URL(url);
  const port = Number(u.port || (u.protocol.startsWith("postgres") ? 5432 : 4222));
  if (await reachable(u.hostname, port)) return undefined;
  return `${name} is not reachable at ${u.hostname}:${port} (${url}). The integration tier needs it and is never skipped.\n    ${howTo}`;
}

async function ensureChromium(say: (line: string) => void): Promise<string | undefined> {
  if (await Bun.file(CHROMIUM).exists()) return undefined;
  const command = "apt-get update && apt-get install -y chromium";
  const canInstall = process.getuid?.() === 0 && Bun.which("apt-get") !== null;
  if (!canInstall)
    return `Chromium is missing at ${CHROMIUM} (the browser tier needs it). Run as root:\n    ${command}`;
  say(`• Chromium is missing: installing Debian's chromium (${command})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const cmd of [
    ["apt-get", "update", "-qq"],
    ["apt-get", "install", "-y", "-qq", "chromium"],
  ]) {
    const proc = Bun.spawnSync(cmd, { env, stdout: "inherit", stderr: "inherit" });
    if (proc.exitCode !== 0) return `Installing Chromium failed (${cmd.join(" ")}). Run:\n    ${command}`;
  }
  return (await Bun.file(CHROMIUM).exists())
    ? undefined
    : `Chromium still missing at ${CHROMIUM} after apt-get.`;
}

/** Checks every prerequisite; resolves with the problems found (empty when all is well). */
export async function checkPrerequisites(say: (line: string) => void): Promise<string[]> {
  const problems = await Promise.all([
    checkServer(
      "PostgreSQL",
      TEST_DATABASE_URL,
      "Start it (Debian: pg_ctlcluster <version> main start) or point TEST_DATABASE_URL at one.",
    ),
    checkServer(
      "NATS JetStream",
      TEST_NATS_URL,
      "Start it: nats-server -js -p 4222 (Debian package nats-server), or point TEST_NATS_URL at one.",
    ),
    ensureChromium(say),
  ]);
  return problems.filter((p): p is string => p !== undefined);
}
