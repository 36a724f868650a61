import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { type Database, openDatabase, type Tx } from "../../db/index.ts";
import { applyOnce, enqueue, outbox, startRelay } from "../../outbox/index.ts";
import { things } from "../../outbox/testing/schema.ts";
import { eventually } from "../conformance.ts";
import type { BusMessage } from "../types.ts";
import { createInProcessBus } from "./index.ts";

const migrationsFolder = `${import.meta.dir}/../../outbox/testing/migrations`;
const dataDir = await mkdtemp(join(tmpdir(), "tessera-bus-durable-"));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** One start of the embedded process: a publisher and a consumer service, each with its own PGlite. */
async function boot() {
  const catalogDb = await openDatabase({ service: "publisher", migrationsFolder, dataDir });
  const exploreDb = await openDatabase({ service: "consumer", migrationsFolder, dataDir });
  const shared = createInProcessBus();
  const publisher = await shared.connect({ service: "publisher", db: catalogDb.db });
  const consumer = await shared.connect({ service: "consumer", db: exploreDb.db });
  return { catalogDb, exploreDb, shared, publisher, consumer };
}

/** The consumer's effect: count the thing, once per message (idempotent consumer). */
const countThing = {
  schema: z.object({ id: z.string() }),
  handle: async (event: { id: string }, tx: Tx) => {
    await tx
      .insert(things)
      .values({ id: event.id, count: 1 })
      .onConflictDoUpdate({ target: things.id, set: { count: sql`${things.count} + 1` } });
  },
};
const apply = (db: Database, message: BusMessage) => applyOnce(db.db, "things-counter", countThing, message);

describe("the in-process bus across a restart of the embedded process", () => {
  test("messages relayed, one in a handler when the process stops, one committed but not relayed - all applied once after the restart", async () => {
    // ── first run ───────────────────────────────────────────────────────────────────────────
    const first = await boot();
    const seen: string[] = [];
    await first.consumer.consume({
      durable: "things-counter",
      subject: "things.changed",
      handler: async (m) => {
        seen.push(`${(m.data as { id: string }).id}#${m.deliveryCount}`);
        if ((m.data as { id: string }).id === "e2") await new Promise(() => {}); // the process dies here
        await apply(first.exploreDb, m);
      },
    });
    for (const id of ["e1", "e2", "e3"]) {
      await first.catalogDb.db.transaction((tx) => enqueue(tx, "things.changed", { id }));
    }
    const relay = startRelay({ db: first.catalogDb.db, bus: first.publisher, intervalMs: 20 });
    await eventually(() => seen.includes("e2#1"), 5000, "e2 in the handler");
    await relay.stop();
    // committed after the relay's last pass: never published before the stop
    await first.catalogDb.db.transaction((tx) => enqueue(tx, "things.changed", { id: "e4" }));
    expect(seen).toEqual(["e1#1", "e2#1"]);
    await first.catalogDb.close();
    await first.exploreDb.close();

    // ── second run, same data directories ──────────────────────────────────────────────────
    const second = await boot();
    const again: string[] = [];
    await second.consumer.consume({
      durable: "things-counter",
      subject: "things.changed",
      handler: async (m) => {
        again.push(`${(m.data as { id: string }).id}#${m.deliveryCount}`);
        await apply(second.exploreDb, m);
      },
    });
    const relay2 = startRelay({ db: second.catalogDb.db, bus: second.publisher, intervalMs: 20 });
    await eventually(() => again.length === 3, 8000, "e2, e3 and e4 after the restart");
    await relay2.stop();
    await new Promise((r) => setTimeout(r, 150));
    expect(again).toEqual(["e2#2", "e3#1", "e4#1"]);
    const rows = await second.exploreDb.db.select().from(things).orderBy(things.id);
    expect(rows).toEqual(["e1", "e2", "e3", "e4"].map((id) => ({ id, count: 1 })));
    const [e4] = await second.catalogDb.db.select().from(outbox).where(sql`${outbox.payload}->>'id' = 'e4'`);
    expect(e4?.publishedAt).toBeInstanceOf(Date);
    await second.shared.close();
    await second.catalogDb.close();
    await second.exploreDb.close();
  }, 60_000);
});
