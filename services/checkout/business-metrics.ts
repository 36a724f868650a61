/**
 * Checkout's business figures on `/metrics`: orders by state, counted in its database at each
 * scrape (so they survive restarts and every instance reports the same numbers — take the max
 * across instances, not the sum). The ops metrics page shows orders placed and cancelled.
 */
import type { Db } from "@tessera/chassis/db";
import { Gauge, type Metrics } from "@tessera/chassis/metrics";
import { count } from "drizzle-orm";
import { orders } from "./db/schema.ts";

export function registerBusinessMetrics(metrics: Metrics, db: Db): void {
  new Gauge({
    name: "checkout_orders",
    help: "Orders by state (pending, confirmed, cancelled), counted in checkout's database",
    labelNames: ["state"] as const,
    registers: [metrics.registry],
    async collect() {
      this.reset();
      const rows = await db.select({ state: orders.state, n: count() }).from(orders).groupBy(orders.state);
      for (const row of rows) this.set({ state: row.state }, Number(row.n));
    },
  });
}
