/**
 * The outbox's plain statements on the real PostgreSQL server: the relay's locked pass on a pooled
 * connection (two round trips), several relays sharing the rows, a failed publish recorded, and
 * the plain `begin`/`commit`/`rollback` of drizzle transactions.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { type Bus, createInProcessBus } from "@tessera/chassis/bus";
import { eventually } from "@tessera/chassis/bus/conformance";
import { type Database, openDatabase, plainQuery } from "@tessera/chassis/db";
import { enqueueAll, startRelay } from "@tessera/chassis/outbox";
import { databaseUrl, dropDatabases, runId } from "./support.ts";

const prefix = `${runId}_outbox_`;
let database: Database;
beforeAll(async () => {
  database = await openDatabase({
    service: "outbox",
    migrationsFolder: join(import.meta.dir, "../../chassis/outbox/testing/migrations"),
    databaseUrl: databaseUrl(`${prefix}main`),
  });
});
afterAll(async () => {
  await database.close();
  await dropDatabases(prefix);
});

interface OutboxRow {
  id: string;
  published_at: Date | null;
  attempts: number;
  last_error: string | null;
  payload: unknown;
  headers: Record<string, string>;
}
const rowsOf = (ids: string[]) =>
  plainQuery<OutboxRow>(
    database.db,
    "select id, published_at, attempts, last_error, payload, headers from outbox where id = any($1::uuid[])",
    [ids],
  );

/** A bus that says it is NATS (so the relay locks rows and publishes a batch at once), recording each publish. */
function natsLike(inner: Bus, published: string[], fail?: (id: string) => boolean): Bus {
  return {
    ...inner,
    kind: "nats",
    publish: (subject, data, options) => {
      if (fail?.(options.id)) return Promise.reject(new Error("no ack from the stream"));
      published.push(options.id);
      return inner.publish(subject, data, options);
    },
  };
}

describe("the outbox on PostgreSQL", () => {
  test("enqueueAll - stores each payload and its headers as JSON, in the caller's transaction", async () => {
    const ids = await database.db.transaction((tx) =>
      enqueueAll(tx, [
        { subject: "things.a", payload: { n: 1, text: 'quote " and \\ backslash' } },
        { subject: "things.a", payload: ["list", 2], headers: { traceparent: "00-x-y-01" } },
      ]),
    );
    const rows = await rowsOf(ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(ids[0] as string)?.payload).toEqual({ n: 1, text: 'quote " and \\ backslash' });
    expect(byId.get(ids[1] as string)?.payload).toEqual(["list", 2]);
    expect(byId.get(ids[1] as string)?.headers).toEqual({ traceparent: "00-x-y-01" });
    // published and marked by a relay so the next tests start with nothing pending
    const relay = startRelay({ db: database.db, bus: natsLike(createInProcessBus(), []), intervalMs: 20 });
    await relay.flush();
    await relay.stop();
  });

  test("a transaction that throws - rolls back its writes, and its connection serves again", async () => {
    const failing = database.db.transaction(async (tx) => {
      await enqueueAll(tx, [{ subject: "things.rolled-back", payload: {} }]);
      throw new Error("the effect failed");
    });
    await expect(failing).rejects.toThrow("the effect failed");
    const [left] = await plainQuery<{ n: number }>(
      database.db,
      "select count(*)::int as n from outbox where subject = $1",
      ["things.rolled-back"],
    );
    expect(left?.n).toBe(0);
    const [one] = await database.db.transaction((tx) => plainQuery<{ one: number }>(tx, "select 1 as one"));
    expect(one?.one).toBe(1);
  });

  test("a publish failing mid-batch - the rows before it are marked, the failure recorded, the rest published later", async () => {
    const ids = await database.db.transaction((tx) =>
      enqueueAll(
        tx,
        [1, 2, 3].map((n) => ({ subject: "things.batch", payload: { n } })),
      ),
    );
    const published: string[] = [];
    let failing = true;
    const bus = natsLike(createInProcessBus(), published, (id) => {
      if (!failing || !ids.includes(id)) return false;
      // the first row of the pass goes out, then the stream stops answering
      return published.some((p) => ids.includes(p));
    });
    const relay = startRelay({ db: database.db, bus, intervalMs: 60_000 });
    await relay.flush();
    const after = await rowsOf(ids);
    const marked = after.filter((r) => r.published_at instanceof Date);
    expect(marked.length).toBe(1);
    const failed = after.filter((r) => r.last_error !== null);
    expect(failed.length).toBe(1);
    expect(failed[0]?.last_error).toBe("no ack from the stream");
    expect(failed[0]?.published_at).toBeNull();
    failing = false;
    await relay.flush();
    await relay.stop();
    const done = await rowsOf(ids);
    expect(done.every((r) => r.published_at instanceof Date)).toBe(true);
    expect(new Set(published.filter((p) => ids.includes(p)))).toEqual(new Set(ids));
  });

  test("three relays at once - share the rows (skip locked): each row published and marked once", async () => {
    const ids = await database.db.transaction((tx) =>
      enqueueAll(
        tx,
        Array.from({ length: 250 }, (_, n) => ({ subject: "things.shared", payload: { n } })),
      ),
    );
    const published: string[] = [];
    const inner = createInProcessBus();
    // slow publishes, so the three passes overlap
    const slow: Bus = { ...inner, publish: (s, d, o) => Bun.sleep(2).then(() => inner.publish(s, d, o)) };
    const relays = [1, 2, 3].map(() =>
      startRelay({ db: database.db, bus: natsLike(slow, published), intervalMs: 10, batchSize: 20 }),
    );
    await eventually(
      async () => (await rowsOf(ids)).every((r) => r.published_at !== null),
      20_000,
      "every row marked",
    );
    await Promise.all(relays.map((r) => r.stop()));
    const mine = published.filter((p) => ids.includes(p));
    expect(mine.length).toBe(ids.length);
    expect(new Set(mine).size).toBe(ids.length);
    expect((await rowsOf(ids)).every((r) => r.attempts === 1)).toBe(true);
  });
});
