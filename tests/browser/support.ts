/**
 * Shared set-up for the browser tier: Debian's Chromium driven by playwright-core, and the
 * embedded storefront it visits (free ports, a data directory of its own).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memoryDestination } from "@tessera/chassis/log";
import type { DestinationStream } from "pino";
import { type Browser, chromium } from "playwright-core";
import { type Embedded, startEmbedded } from "../../scripts/embedded.ts";
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

export interface StorefrontOptions {
  /** Names the temp folders: `tessera-<name>-…` for the data directory. */
  name: string;
  /** The storefront's environment (the test process's when omitted). */
  env?: Record<string, string | undefined>;
  /** Where the storefront's log lines go (a memory destination nobody reads, when omitted). */
  logDestination?: DestinationStream;
}

/** The embedded storefront of a test file, on free ports, with its own data directory. */
export interface TestStorefront {
  storefront: Embedded;
  /** A new temp folder (`tessera-<name>-…`) that {@link TestStorefront.stop} removes too. */
  tempDir(name: string): Promise<string>;
  /** Stops the storefront (and Chromium, if launched), then removes the temp folders. */
  stop(): Promise<void>;
}

/** {@link TestStorefront} with Chromium launched beside it. */
export interface TestStorefrontInBrowser extends TestStorefront {
  browser: Browser;
}

/**
 * Starts the embedded storefront on free ports with a new data directory, quietly (no progress
 * lines); `stop` undoes it all. A start that fails leaves nothing behind.
 *
 * @example
 * let storefront: Embedded;
 * let stop: (() => Promise<void>) | undefined;
 * beforeAll(async () => ({ storefront, stop } = await startStorefront({ name: "html" })), 90_000);
 * afterAll(() => stop?.());
 */
export async function startStorefront(options: StorefrontOptions): Promise<TestStorefront> {
  const dirs: string[] = [];
  const tempDir = async (name: string) => {
    const dir = await mkdtemp(join(tmpdir(), `tessera-${name}-`));
    dirs.push(dir);
    return dir;
  };
  const removeDirs = async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  };
  try {
    const storefront = await startEmbedded({
      port: 0,
      servicePortBase: 0,
      dataDir: await tempDir(options.name),
      env: options.env,
      logDestination: options.logDestination ?? memoryDestination(),
      say: () => {},
    });
    return {
      storefront,
      tempDir,
      async stop() {
        await storefront.stop();
        await removeDirs();
      },
    };
  } catch (error) {
    await removeDirs();
    throw error;
  }
}

/** {@link startStorefront}, then Chromium (closed first on `stop`). */
export async function startStorefrontInBrowser(options: StorefrontOptions): Promise<TestStorefrontInBrowser> {
  const started = await startStorefront(options);
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await started.stop();
    throw error;
  }
  return {
    ...started,
    browser,
    async stop() {
      await browser.close();
      await started.stop();
    },
  };
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
