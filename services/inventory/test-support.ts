/** Helpers for inventory's component tests: the service on an in-process bus, commands, replies. */

import { type Bus, type BusMessage, createInProcessBus } from "@tessera/chassis/bus";
import { eventually } from "@tessera/chassis/bus/conformance";
import type { Db } from "@tessera/chassis/db";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { and, eq } from "drizzle-orm";
import { inventory } from "./app.ts";
import { stock } from "./db/schema.ts";
import { type StockPlan, seedStock } from "./db/seed.ts";

export interface Harness {
  bus: Bus;
  service: BuiltService;
  db: Db;
  /** Every message published on `inventory.>` and `catalog.>`, in order. */
  seen: BusMessage[];
  publish(subject: string, data: unknown, id?: string): Promise<string>;
  /** Waits for the first message on `subject` matching `where`, and returns it. */
  reply(subject: string, where: (data: Record<string, unknown>) => boolean): Promise<BusMessage>;
  /** Gives `sku` exactly this stock (stores left out get none). */
  stockUp(sku: string, plan: StockPlan): Promise<void>;
  shelf(sku: string, storeId: string): Promise<typeof stock.$inferSelect | undefined>;
  close(): Promise<void>;
}

let counter = 0;

/** Builds and starts inventory (in-memory database) on its own in-process bus. */
export async function startInventory(): Promise<Harness> {
  const bus = createInProcessBus();
  const service = await buildService(inventory, { env: { LOG_LEVEL: "silent" }, inMemory: true, bus });
  await service.start();
  const seen: BusMessage[] = [];
  for (const subject of ["inventory.>", "catalog.>"]) {
    await bus.consume({ durable: `test-${subject}`, subject, handler: async (m) => void seen.push(m) });
  }
  const db = service.ctx.database.db;
  const find = (subject: string, where: (data: Record<string, unknown>) => boolean) =>
    seen.find((m) => m.subject === subject && where(m.data as Record<string, unknown>));
  return {
    bus,
    service,
    db,
    seen,
    async publish(subject, data, id = `test-${++counter}-${crypto.randomUUID()}`) {
      await bus.publish(subject, data, { id });
      return id;
    },
    async reply(subject, where) {
      await eventually(() => find(subject, where) !== undefined, 5000, `a ${subject} message`);
      return find(subject, where) as BusMessage;
    },
    async stockUp(sku, plan) {
      await db.transaction((tx) => seedStock(tx, sku, plan));
    },
    async shelf(sku, storeId) {
      const [row] = await db
        .select()
        .from(stock)
        .where(and(eq(stock.sku, sku), eq(stock.storeId, storeId)));
      return row;
    },
    async close() {
      await service.close();
      await bus.close();
    },
  };
}

/** A `ReserveStock` command. */
export function reserveCommand(
  orderId: string,
  lines: { sku: string; quantity: number }[],
  storeId?: string,
) {
  return { type: "ReserveStock", version: 1, orderId, lines, ...(storeId ? { storeId } : {}) };
}

/** A bus message as a consumer would receive it (for calling the handlers directly). */
export function message(subject: string, data: unknown, id = `direct-${++counter}`): BusMessage {
  return { id, subject, data, headers: {}, deliveryCount: 1 };
}
