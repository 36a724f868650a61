/** Shared set-up for the browser tier: Debian's Chromium driven by playwright-core. */
import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { CHROMIUM } from "../../scripts/prerequisites.ts";

const ROOT = join(import.meta.dir, "..", "..");

/** The flags this machine needs (no sandbox as root, no background network, no GPU). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** Where a `tessera` CLI run points: the storefront's URL and the releases folder it reads. */
export interface TesseraTarget {
  url: string;
  releasesDir: string;
}

/**
 * Runs the `tessera` CLI (a subprocess, as a team would) against a running storefront's release
 * state, as "browser-test"; resolves with its exit code and output (stdout then stderr).
 */
export async function tessera(
  target: TesseraTarget,
  ...args: string[]
): Promise<{ code: number; out: string }> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && name !== "NATS_URL" && name !== "DATABASE_URL") env[name] = value;
  const child = Bun.spawn(
    [process.execPath, "scripts/tessera.ts", ...args, "--by", "browser-test", "--storefront", target.url],
    {
      cwd: ROOT,
      env: { ...env, TESSERA_RELEASES_DIR: target.releasesDir },
      stdout: "pipe",
      stderr: "pipe",
    },
  );
  const [out, err] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  return { code: await child.exited, out: `${out}${err}` };
}

/**
 * Copies `fragments/<team>` (without node_modules and dist) to `<into>/<team>` and rewrites each
 * of `files` (paths relative to the copy) with `edit`; resolves with the copy's folder.
 */
export async function copyFragments(
  team: string,
  into: string,
  files: string[],
  edit: (file: string, text: string) => string,
): Promise<string> {
  const dir = join(into, team);
  await cp(join(ROOT, "fragments", team), dir, {
    recursive: true,
    filter: (src) => !/\/(node_modules|dist)(\/|$)/.test(src),
  });
  for (const file of files) {
    const path = join(dir, file);
    await writeFile(path, edit(file, await readFile(path, "utf8")));
  }
  return dir;
}
