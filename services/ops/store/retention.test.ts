import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { count } from "drizzle-orm";
import { ops } from "../app.ts";
import { logLines } from "../db/schema.ts";
import { parseLogBatch } from "../ingest/logs.ts";
import { insertLogs } from "./logs.ts";
import { prune } from "./retention.ts";

let service: BuiltService;
beforeAll(async () => {
  service = await buildService(ops, { env: { LOG_LEVEL: "silent" }, inMemory: true });
}, 60_000);
afterAll(() => service.close());

describe("prune()", () => {
  test("lines beyond the cap and older than the window - removed, the newest kept", async () => {
    const db = service.ctx.database.db;
    const now = Date.now();
    const line = (i: number, ageMs: number) =>
      JSON.stringify({ level: 30, time: now - ageMs, service: "catalog", msg: `line ${i}` });
    const old = line(0, 100 * 3600_000); // 100 hours old
    const recent = Array.from({ length: 6 }, (_, i) => line(i + 1, (6 - i) * 1000));
    await insertLogs(db, parseLogBatch([old, ...recent].join("\n")));
    const removed = await prune(db, {
      maxLogLines: 4,
      maxSpans: 100,
      maxExceptionEvents: 100,
      retentionHours: 72,
    });
    expect(removed.logs).toBe(3);
    const left = await db.select({ msg: logLines.msg }).from(logLines).orderBy(logLines.id);
    expect(left.map((l) => l.msg)).toEqual(["line 3", "line 4", "line 5", "line 6"]);
    expect((await db.select({ n: count() }).from(logLines))[0]?.n).toBe(4);
  });
});
