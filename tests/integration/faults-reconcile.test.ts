/**
 * The fault suite's reconciliation can fail: fed a lost order, a duplicate, a double payment, an
 * unvoided payment, an order left pending and stock that drifted, it reports each one (the
 * scenario tests assert these figures are zero, so each of them would fail on such a run).
 */
import { describe, expect, test } from "bun:test";
import {
  type OrderRow,
  type PaymentRow,
  type StockRow,
  stockKey,
  tallyOrders,
  tallyStock,
} from "../../bench/faults/reconcile.ts";
import type { ScenarioResult } from "../../bench/faults/scenarios.ts";
import { expectInvariants } from "../../bench/faults/testing.ts";
import type { Attempt } from "../../bench/faults/workload.ts";

const attempt = (customer: string, orderId?: string): Attempt => ({
  customer,
  orderId,
  state: "confirmed",
  retries: 0,
});
const order = (
  id: string,
  customer: string,
  state = "confirmed",
  paymentId: string | null = `pay-${id}`,
): OrderRow => ({
  id,
  customer_id: customer,
  state,
  reason: state === "cancelled" ? "payment-timeout" : null,
  payment_id: paymentId,
});
const paid = (orderId: string, status = "authorized", id = `pay-${orderId}`): PaymentRow => ({
  id,
  order_id: orderId,
  status,
});

describe("reconciling orders", () => {
  test("a clean run - reports nothing wrong", () => {
    const figures = tallyOrders([attempt("a", "O1")], [order("O1", "a")], [paid("O1")]);
    expect(figures).toMatchObject({ orders: 1, confirmed: 1, lost: 0, duplicated: 0, doublePayments: 0 });
  });

  test("an id a shopper got that checkout lacks - is lost", () => {
    const figures = tallyOrders([attempt("a", "O1"), attempt("b", "O2")], [order("O1", "a")], [paid("O1")]);
    expect(figures.lost).toBe(1);
  });

  test("a second order for one shopper - is a duplicate", () => {
    const figures = tallyOrders(
      [attempt("a", "O1")],
      [order("O1", "a"), order("O9", "a")],
      [paid("O1"), paid("O9")],
    );
    expect(figures.duplicated).toBe(1);
  });

  test("two authorised payments for one order, or one kept for a cancelled order - are double payments", () => {
    const twice = tallyOrders(
      [attempt("a", "O1")],
      [order("O1", "a")],
      [paid("O1"), paid("O1", "authorized", "pay-2")],
    );
    expect(twice.doublePayments).toBe(1);
    const kept = tallyOrders([attempt("a", "O1")], [order("O1", "a", "cancelled", null)], [paid("O1")]);
    expect(kept.doublePayments).toBe(1);
  });

  test("a cancelled order with its payment attempt still pending - is unvoided; a pending order - is not final", () => {
    const figures = tallyOrders(
      [attempt("a", "O1"), attempt("b", "O2")],
      [order("O1", "a", "cancelled", null), order("O2", "b", "pending", null)],
      [paid("O1", "pending")],
    );
    expect(figures).toMatchObject({ unvoided: 1, notFinal: 1 });
  });

  test("a confirmed order without its authorised payment - is confirmed unpaid", () => {
    const figures = tallyOrders([attempt("a", "O1")], [order("O1", "a")], [paid("O1", "declined")]);
    expect(figures.confirmedUnpaid).toBe(1);
  });
});

describe("reconciling stock", () => {
  const row = (available: number, reserved: number, sold: number, received: number): StockRow => ({
    sku: "AU-01-BL",
    store_id: "s1",
    available,
    reserved,
    sold,
    received,
  });
  const k = stockKey("AU-01-BL", "s1");
  const snapshot = (r: StockRow) => new Map([[k, r]]);
  const restocks = new Map([[k, 10]]);
  const soldTwo = [{ lines: [{ sku: "AU-01-BL", quantity: 2 }], delivery: { storeId: "s1" } }];

  test("units conserved - no drift", () => {
    const figures = tallyStock(snapshot(row(8, 0, 2, 10)), snapshot(row(0, 0, 0, 0)), restocks, soldTwo);
    expect(figures.drift).toBe(0);
  });

  test("a unit that vanished, one left reserved, one sold twice - each is drift", () => {
    const vanished = tallyStock(snapshot(row(7, 0, 2, 10)), snapshot(row(0, 0, 0, 0)), restocks, soldTwo);
    expect(vanished.unbalanced).toBe(1);
    const leaked = tallyStock(snapshot(row(7, 1, 2, 10)), snapshot(row(0, 0, 0, 0)), restocks, soldTwo);
    expect(leaked.leakedReserved).toBe(1);
    const soldTwice = tallyStock(snapshot(row(6, 0, 4, 10)), snapshot(row(0, 0, 0, 0)), restocks, soldTwo);
    expect(soldTwice.soldDrift).toBe(2);
    for (const figures of [vanished, leaked, soldTwice]) expect(figures.drift).toBeGreaterThan(0);
  });
});

describe("the scenario tests' invariants", () => {
  test("a result with a lost order - fails them", () => {
    const orders = tallyOrders([attempt("a", "O1"), attempt("b", "O2")], [order("O1", "a")], [paid("O1")]);
    const stock = tallyStock(new Map(), new Map(), new Map(), []);
    const result = { orders, stock, settled: true, deadLetters: 0, attempts: 2 } as unknown as ScenarioResult;
    expect(() => expectInvariants(result)).toThrow();
  });
});
