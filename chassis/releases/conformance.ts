/**
 * The behaviour every release store shares, as one suite run against each implementation (the
 * file store in the unit tier, NATS JetStream in the integration tier).
 */
import { describe, expect, test } from "bun:test";
import { activate, promote, rollback, startCanary } from "./state.ts";
import { BUILT_IN, type LogEntry, type ReleaseState, type ReleaseStore, teamReleases } from "./types.ts";

/** Registers the suite; `open` gives a fresh, empty store each time (and a second handle on the same one). */
export function releaseStoreConformance(
  name: string,
  open: () => Promise<{
    store: ReleaseStore;
    reopen: () => Promise<ReleaseStore>;
    cleanup: () => Promise<void>;
  }>,
): void {
  const entry = (
    action: LogEntry["action"],
    version: string,
    result: LogEntry["result"] = "ok",
  ): LogEntry => ({
    at: new Date().toISOString(),
    by: "tester",
    action,
    team: "catalog",
    version,
    result,
  });

  describe(`${name} release store`, () => {
    test(`${name} - nothing deployed - every team on its built-in version, empty log`, async () => {
      const { store, cleanup } = await open();
      try {
        const state = await store.read();
        expect(state.revision).toBe(0);
        expect(teamReleases(state, "catalog").active).toBe(BUILT_IN);
        expect(await store.entries()).toEqual([]);
      } finally {
        await store.close();
        await cleanup();
      }
    });

    test(`${name} - deploy, canary, promote, rollback - state kept and seen by another handle`, async () => {
      const { store, reopen, cleanup } = await open();
      const other = await reopen();
      try {
        await store.update((s) => activate(s, "catalog", "0.1.0+aaaaaaaaaa"));
        await store.update((s) => startCanary(s, "catalog", "0.1.0+bbbbbbbbbb", 50));
        let seen = teamReleases(await other.read(), "catalog");
        expect(seen).toMatchObject({
          active: "0.1.0+aaaaaaaaaa",
          canary: { version: "0.1.0+bbbbbbbbbb", share: 50 },
        });
        await store.update((s) => promote(s, "catalog"));
        const afterRollback = await store.update((s) => rollback(s, "catalog"));
        seen = teamReleases(await other.read(), "catalog");
        expect(seen.active).toBe("0.1.0+aaaaaaaaaa");
        expect(seen.previous).toEqual([BUILT_IN]);
        expect(afterRollback.revision).toBe(4);
      } finally {
        await other.close();
        await store.close();
        await cleanup();
      }
    });

    test(`${name} - two writers at once - neither change is lost`, async () => {
      const { store, reopen, cleanup } = await open();
      const other = await reopen();
      try {
        await Promise.all([
          store.update((s) => activate(s, "catalog", "0.1.0+aaaaaaaaaa")),
          other.update((s) => activate(s, "explore", "0.1.0+cccccccccc")),
        ]);
        const state = await store.read();
        expect(state.revision).toBe(2);
        expect(teamReleases(state, "catalog").active).toBe("0.1.0+aaaaaaaaaa");
        expect(teamReleases(state, "explore").active).toBe("0.1.0+cccccccccc");
      } finally {
        await other.close();
        await store.close();
        await cleanup();
      }
    });

    test(`${name} - a change by another handle - watchers are told the new state`, async () => {
      const { store, reopen, cleanup } = await open();
      const other = await reopen();
      try {
        const told = new Promise<ReleaseState>((resolve) => {
          const stop = store.watch((state) => {
            stop();
            resolve(state);
          });
        });
        await other.update((s) => activate(s, "catalog", "0.1.0+dddddddddd"));
        expect(teamReleases(await told, "catalog").active).toBe("0.1.0+dddddddddd");
      } finally {
        await other.close();
        await store.close();
        await cleanup();
      }
    });

    test(`${name} - log appended by two handles - kept, newest first, filtered by team`, async () => {
      const { store, reopen, cleanup } = await open();
      try {
        await store.append(entry("deploy", "0.1.0+aaaaaaaaaa"));
        await store.append({ ...entry("deploy", "0.1.0+cccccccccc"), team: "explore" });
        await store.close();
        const again = await reopen();
        try {
          await again.append(entry("rollback", BUILT_IN, "refused"));
          const all = await again.entries();
          expect(all.map((e) => e.action)).toEqual(["rollback", "deploy", "deploy"]);
          expect((await again.entries({ team: "catalog" })).map((e) => e.version)).toEqual([
            BUILT_IN,
            "0.1.0+aaaaaaaaaa",
          ]);
          expect(await again.entries({ limit: 1 })).toHaveLength(1);
          expect(all[0]).toMatchObject({ by: "tester", result: "refused", team: "catalog" });
        } finally {
          await again.close();
        }
      } finally {
        await cleanup();
      }
    });
  });
}
