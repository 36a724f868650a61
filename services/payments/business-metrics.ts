/**
 * Payments' business figures on `/metrics`: payment attempts by status (authorized, declined,
 * pending, voided), counted in its database at each scrape (every instance reports the same
 * numbers — take the max across instances, not the sum). The ops metrics page shows declines.
 */
import type { Db } from "@tessera/chassis/db";
import { Gauge, type Metrics } from "@tessera/chassis/metrics";
import { count } from "drizzle-orm";
import { payments } from "./db/schema.ts";

export function registerBusinessMetrics(metrics: Metrics, db: Db): void {
  new Gauge({
    name: "payments_attempts",
    help: "Payment attempts by status (authorized, declined, pending, voided), counted in payments' database",
    labelNames: ["status"] as const,
    registers: [metrics.registry],
    async collect() {
      this.reset();
      const rows = await db
        .select({ status: payments.status, n: count() })
        .from(payments)
        .groupBy(payments.status);
      for (const row of rows) this.set({ status: row.status }, Number(row.n));
    },
  });
}
