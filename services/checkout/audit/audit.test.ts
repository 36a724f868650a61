import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { eventually } from "@tessera/chassis/bus/conformance";
import { sql } from "drizzle-orm";
import {
  type FakeInventory,
  fakeInventory,
  fakePayments,
  givenProduct,
  type Harness,
  post,
  shopperWith,
  startCheckout,
} from "../testing/harness.ts";

let h: Harness;
let inventory: FakeInventory;
beforeAll(async () => {
  h = await startCheckout();
  inventory = await fakeInventory(h.bus);
  await fakePayments(h.bus);
  await givenProduct(h, "CL-01-GR", 5_890_000, "Heritage Workhorse — Green");
}, 60_000);
afterAll(() => h.close());

const pickup = (paymentToken: string) => ({ delivery: "pickup", storeId: "store-munich", paymentToken });
const asOperator = () => h.access.as("operator-1", "checkout", { roles: ["operator"] });
const auditOf = async (user: string) => {
  const response = await h.service.app.request(`/ops/audit?user=${user}`, { headers: await asOperator() });
  expect(response.status).toBe(200);
  return (await response.json()).items as Record<string, unknown>[];
};

describe("checkout — audit log", () => {
  test("a declined order - placed and cancelled entries for the user, newest first, with the reason and trace", async () => {
    const shopper = { ...(await shopperWith(h, { "CL-01-GR": 1 })), user: "user-audit-1" };
    const response = await post(h, "/checkout/place-order", pickup("tok_visa_declined"), shopper);
    expect(response.headers.get("location")).toBe("/checkout/checkout?error=payment-declined");
    const orderId = inventory.reserved.at(-1)?.orderId as string;
    await eventually(async () => (await auditOf("user-audit-1")).length === 2, 5000, "two audit entries");
    const items = await auditOf("user-audit-1");
    expect(items.map((i) => i.action)).toEqual(["order.cancelled", "order.placed"]);
    expect(items[0]).toMatchObject({ subject: orderId, userId: "user-audit-1", detail: "payment-declined" });
    expect(items[1]).toMatchObject({ subject: orderId, detail: "58900.00 EUR" });
    expect(items[1]?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(await auditOf("someone-else")).toEqual([]);
  });

  test("GET /ops/audit - refused to a shopper (403) and to nobody (401)", async () => {
    expect((await h.service.app.request("/ops/audit?user=user-audit-1")).status).toBe(401);
    const shopper = await h.access.as("user-audit-1", "checkout");
    expect((await h.service.app.request("/ops/audit?user=user-audit-1", { headers: shopper })).status).toBe(
      403,
    );
  });

  test("the table - refuses UPDATE and DELETE (append-only)", async () => {
    const db = h.service.ctx.database.db;
    const failure = async (statement: ReturnType<typeof sql>) => {
      try {
        await db.execute(statement);
        return "executed";
      } catch (error) {
        const cause = (error as { cause?: Error }).cause;
        return `${(error as Error).message} ${cause?.message ?? ""}`;
      }
    };
    expect(await failure(sql`update audit_log set detail = 'changed'`)).toContain("audit_log is append-only");
    expect(await failure(sql`delete from audit_log`)).toContain("audit_log is append-only");
  });
});
