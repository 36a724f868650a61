import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { activate, openFileStore, type ReleaseStore, startCanary } from "@tessera/chassis/releases";
import { renderHealthPage } from "@tessera/ops-fragments/server";
import { type AuditItem, mergeAudit } from "./audit.ts";
import { DEPLOYMENTS_SOURCE, deploymentAudit, readDeployments } from "./deployments.ts";

let dir: string;
let store: ReleaseStore;
const opened = () => Promise.resolve(store);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ops-deployments-"));
  store = openFileStore({ dir });
  await store.update((s) => activate(s, "catalog", "v1"));
  await store.update((s) => activate(s, "catalog", "v2"));
  await store.update((s) => startCanary(s, "catalog", "v3", 10));
  await store.update((s) => activate(s, "checkout", "c1"));
  const log = [
    { at: "2026-11-25T09:00:00.000Z", by: "alice", action: "deploy", team: "catalog", version: "v1" },
    { at: "2026-11-25T09:10:00.000Z", by: "bob", action: "deploy", team: "checkout", version: "c1" },
    {
      at: "2026-11-25T09:20:00.000Z",
      by: "alice",
      action: "deploy",
      team: "catalog",
      version: "v2",
      from: "v1",
    },
    {
      at: "2026-11-25T09:30:00.000Z",
      by: "alice",
      action: "canary",
      team: "catalog",
      version: "v3",
      from: "v2",
      result: "refused",
      reason: "the gate failed",
    },
  ] as const;
  for (const e of log) await store.append({ result: "ok", ...e });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("ops — the deployment log in the audit view", () => {
  test("by user - only that deployer's entries, newest first, with team, versions and result", async () => {
    const { items, error } = await deploymentAudit(opened, { user: "alice", limit: 10 });
    expect(error).toBeUndefined();
    expect(items.map((i) => [i.userId, i.action, i.subject, i.detail, i.occurredAt])).toEqual([
      ["alice", "canary", "team catalog", "v2 → v3 · refused: the gate failed", "2026-11-25T09:30:00.000Z"],
      ["alice", "deploy", "team catalog", "v1 → v2 · ok", "2026-11-25T09:20:00.000Z"],
      ["alice", "deploy", "team catalog", "v1 · ok", "2026-11-25T09:00:00.000Z"],
    ]);
    expect(items.every((i) => i.service === DEPLOYMENTS_SOURCE)).toBe(true);
    expect((await deploymentAudit(opened, { user: "carol", limit: 10 })).items).toEqual([]);
  });

  test("merged with the services' entries - one list by time, capped, the source named", async () => {
    const order: AuditItem = {
      service: "checkout",
      action: "order.placed",
      userId: "bob",
      subject: "TSR-1",
      detail: null,
      traceId: null,
      occurredAt: "2026-11-25T09:15:00.000Z",
    };
    const deployments = await deploymentAudit(opened, { limit: 3 });
    const merged = mergeAudit(
      { items: [order], sources: ["checkout"], errors: [] },
      { source: DEPLOYMENTS_SOURCE, ...deployments, limit: 3 },
    );
    expect(merged.sources).toEqual(["checkout", "deployments"]);
    expect(merged.items.map((i) => `${i.service} ${i.action} ${i.occurredAt.slice(11, 16)}`)).toEqual([
      "deployments canary 09:30",
      "deployments deploy 09:20",
      "checkout order.placed 09:15",
    ]);
  });

  test("an unreadable store - named in the errors, the services' entries still shown", async () => {
    const broken = () => Promise.reject(new Error("no such bucket"));
    const deployments = await deploymentAudit(broken, { limit: 5 });
    const merged = mergeAudit(
      { items: [], sources: ["identity"], errors: [] },
      { source: DEPLOYMENTS_SOURCE, ...deployments, limit: 5 },
    );
    expect(merged.sources).toEqual(["identity"]);
    expect(merged.errors).toEqual([
      { service: "deployments", error: "the deployment log could not be read: no such bucket" },
    ]);
    expect((await readDeployments(broken, 5)).error).toContain("no such bucket");
  });
});

describe("ops — the deployment log on the health page", () => {
  test("release state per team and the latest entries, newest first, with the link to all", async () => {
    const deployments = await readDeployments(opened, 3);
    expect(deployments.teams).toEqual([
      expect.objectContaining({
        team: "catalog",
        active: "v2",
        canary: { version: "v3", share: 10 },
        previous: ["v1", "built-in"],
      }),
      expect.objectContaining({ team: "checkout", active: "c1", previous: ["built-in"] }),
    ]);
    expect(deployments.entries.map((e) => e.at.slice(11, 16))).toEqual(["09:30", "09:20", "09:10"]);

    const page = renderHealthPage({ instances: [], breakers: [], deployments }).toString();
    expect(page).toMatch(
      /<tr data-team="catalog"><td>catalog<\/td><td><code>v2<\/code><\/td><td><code>v3<\/code> \(10 %\)/,
    );
    const rows = [
      ...page.matchAll(
        /<tr data-action="(\w+)"><td><code>[^<]*<\/code><\/td><td><a href="\/ops\/audit\?user=(\w+)">/g,
      ),
    ];
    expect(rows.map((r) => `${r[1]} ${r[2]}`)).toEqual(["canary alice", "deploy alice", "deploy bob"]);
    expect(page).toContain("refused: the gate failed");
    expect(page).toContain('<a href="/ops/deployments">deployment log</a>');
  });
});
