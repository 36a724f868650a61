/**
 * A team deploys its fragment into the distributed storefront (one process per service, PostgreSQL,
 * NATS JetStream): the `tessera` CLI publishes a changed product card, the release state goes
 * through the run's own JetStream KV bucket, and the next page view — from the same, never
 * restarted processes — renders it and points the shell at its remote; rollback brings the old
 * one back. HTTP checks only (the browser tier covers hydration).
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LogEntry } from "@tessera/chassis/releases";
import { type Distributed, startDistributed } from "../../scripts/distributed.ts";
import { deleteStreams, dropDatabases, runId, TEST_DATABASE_URL, TEST_NATS_URL } from "./support.ts";

setDefaultTimeout(300_000);
const ROOT = join(import.meta.dir, "..", "..");
const stream = `TESSERA_${runId.toUpperCase()}_DEPLOY`;
const SKU = "AU-01-SI";
let system: Distributed;
let dataDir: string;
let source: string;
let pids: number[];

/** The product card's button label in the storefront's home page. */
async function cardLabel(): Promise<string> {
  const html = await (await fetch(`${system.url("composer")}/`)).text();
  const at = html.indexOf(`sku="${SKU}"`);
  expect(at).toBeGreaterThan(0);
  const button = html.slice(at, html.indexOf("</button>", at));
  return button.includes("Keep for later") ? "new" : button.includes("Add to wishlist") ? "old" : button;
}

async function tessera(...args: string[]): Promise<{ code: number; out: string }> {
  const child = Bun.spawn(
    [
      process.execPath,
      "scripts/tessera.ts",
      ...args,
      "--by",
      "integration",
      "--storefront",
      system.url("composer"),
    ],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        NATS_URL: TEST_NATS_URL,
        RELEASES_BUCKET: `${stream}_releases`,
        RELEASES_STREAM: `${stream}_DEPLOYMENTS`,
        DATA_DIR: dataDir,
      },
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

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "tessera-deploy-distributed-"));
  source = join(dataDir, "src", "catalog");
  await cp(join(ROOT, "fragments", "catalog"), source, {
    recursive: true,
    filter: (src) => !/\/(node_modules|dist)(\/|$)/.test(src),
  });
  const card = join(source, "src", "product-card.ts");
  await writeFile(
    card,
    (await readFile(card, "utf8"))
      .replaceAll('"Add to wishlist"', '"Keep for later"')
      .replaceAll('"Saved to wishlist"', '"Kept for later"'),
  );
  system = await startDistributed({
    databaseUrl: TEST_DATABASE_URL,
    databasePrefix: `${runId}_deploy_`,
    natsUrl: TEST_NATS_URL,
    natsStream: stream,
    subjectPrefix: `${runId}deploy`,
    ports: "free",
    dataDir,
  });
  pids = system.processes.map((p) => p.pid);
}, 300_000);

afterAll(async () => {
  await system?.stop();
  await deleteStreams(stream);
  await dropDatabases(`${runId}_deploy_`);
  await rm(dataDir, { recursive: true, force: true });
});

describe("deploying a fragment into the distributed storefront", () => {
  let version = "";

  test("deploy - the next page view renders the new card and points the shell at its remote; no process restarted", async () => {
    expect(await cardLabel()).toBe("old");
    const { code, out } = await tessera("deploy", "catalog", "--source", source);
    expect(out).toContain("the storefront uses it");
    expect(code).toBe(0);
    version = /published catalog (\S+)/.exec(out)?.[1] ?? "";
    expect(version).toMatch(/^0\.1\.0\+[0-9a-f]{10}$/);
    expect(await cardLabel()).toBe("new");
    const page = await (await fetch(`${system.url("composer")}/`)).text();
    expect(page).toContain(`"entry":"/_assets/catalog/releases/${version}/mf-manifest.json"`);
    const remote = await fetch(
      `${system.url("composer")}/_assets/catalog/releases/${version}/mf-manifest.json`,
    );
    expect(remote.status).toBe(200);
    expect(remote.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(((await remote.json()) as { name: string }).name).toBe("tessera_catalog");
    expect(system.processes.map((p) => p.pid)).toEqual(pids);
    expect(system.processes.every((p) => p.process.exitCode === null)).toBe(true);
  });

  test("a version the service does not have - a 400 problem naming it, never another version", async () => {
    const response = await fetch(`${system.url("catalog")}/fragments/product-card?sku=${SKU}`, {
      headers: { "tessera-fragment-version": "0.1.0+0000000000" },
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(((await response.json()) as { detail: string }).detail).toContain("0.1.0+0000000000");
  });

  test("rollback - the old card on the next page view, the log in JetStream lists both steps", async () => {
    const { code, out } = await tessera("rollback", "catalog");
    expect(out).toContain("the storefront uses it");
    expect(code).toBe(0);
    expect(await cardLabel()).toBe("old");
    const log = await tessera("log", "catalog", "--json");
    const entries = log.out
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as LogEntry);
    expect(entries.map((e) => [e.action, e.result, e.by, e.version, e.from])).toEqual([
      ["rollback", "ok", "integration", "built-in", version],
      ["deploy", "ok", "integration", version, "built-in"],
    ]);
    expect(system.processes.map((p) => p.pid)).toEqual(pids);
  });

  test("canary, a wider share, promote - each a step in the state and the log", async () => {
    const canary = await tessera("deploy", "catalog", "--source", source, "--canary", "10");
    expect(canary.out).toContain("already verified");
    expect(canary.code).toBe(0);
    const widened = await tessera("canary", "catalog", "100");
    expect(widened.code).toBe(2); // a share is 1–99: refused before anything changes
    expect(widened.out).toContain('(got "100")');
    expect((await tessera("canary", "catalog", "60")).code).toBe(0);
    const state = (await (await fetch(`${system.url("composer")}/_tessera/releases`)).json()) as {
      teams: Record<string, { active: string; canary?: { version: string; share: number } }>;
    };
    expect(state.teams.catalog).toMatchObject({ active: "built-in", canary: { version, share: 60 } });
    expect((await tessera("promote", "catalog")).code).toBe(0);
    expect(await cardLabel()).toBe("new");
    const log = await tessera("log", "catalog", "--json");
    const actions = log.out
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => (JSON.parse(l) as LogEntry).action);
    expect(actions.slice(0, 3)).toEqual(["promote", "config", "canary"]);
  });
});
