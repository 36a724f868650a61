/**
 * Payments on the real PostgreSQL server, where an authorisation and a void of the same order can
 * run at the same time on two connections (PGlite has one): neither may miss the other.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { BusMessage } from "@tessera/chassis/bus";
import { type Database, openDatabase, plainQuery } from "@tessera/chassis/db";
import { AUTHORIZE_PAYMENT, VOID_PAYMENT } from "@tessera/contracts/events";
import { authorizeApplier } from "../../services/payments/events/authorize-payment.ts";
import { voidPayment } from "../../services/payments/events/void-payment.ts";
import { databaseUrl, dropDatabases, runId } from "./support.ts";

const prefix = `${runId}_payments_`;
let database: Database;
beforeAll(async () => {
  database = await openDatabase({
    service: "payments",
    migrationsFolder: join(import.meta.dir, "../../services/payments/db/migrations"),
    databaseUrl: databaseUrl(`${prefix}main`),
  });
});
afterAll(async () => {
  await database.close();
  await dropDatabases(prefix);
});

const message = (subject: string, id: string, data: unknown): BusMessage => ({
  id,
  subject,
  data,
  headers: {},
  deliveryCount: 1,
});

describe("payments on PostgreSQL", () => {
  test("authorisations and voids of the same orders at once - no authorised payment is left for a voided order", async () => {
    const { db } = database;
    const authorize = authorizeApplier(db);
    const orders = Array.from({ length: 60 }, (_, i) => `ORD-R${i}`);
    await Promise.all(
      orders.flatMap((orderId) => [
        authorize(
          message(AUTHORIZE_PAYMENT, `a-${orderId}`, {
            type: "AuthorizePayment",
            version: 1,
            orderId,
            amount: { amount: 1000, currency: "EUR" },
            token: "tok_visa_success",
          }),
        ),
        voidPayment(
          db,
          message(VOID_PAYMENT, `v-${orderId}`, {
            type: "VoidPayment",
            version: 1,
            orderId,
            reason: "payment-timeout",
          }),
        ),
      ]),
    );
    const rows = await plainQuery<{ order_id: string; status: string }>(
      db,
      "select order_id, status from payments where order_id = any($1::text[])",
      [orders],
    );
    expect(rows.length).toBe(orders.length);
    // every order was voided, whichever came first: the void found the payment, or the authorisation the early void
    expect(rows.filter((r) => r.status !== "voided")).toEqual([]);
  });
});
