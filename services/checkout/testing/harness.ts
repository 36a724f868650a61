/**
 * Test support for checkout's component tests: the service built in memory on an in-process bus,
 * catalog and inventory events published as those teams would, and small fake inventory and
 * payments services that follow the contracts (they parse each command with its schema and
 * answer with the reply schemas).
 */

import { type TestAccess, testAccess } from "@tessera/chassis/access/testing";
import { type Bus, type BusMessage, createInProcessBus } from "@tessera/chassis/bus";
import { eventually } from "@tessera/chassis/bus/conformance";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import {
  AUTHORIZE_PAYMENT,
  AuthorizePaymentV1,
  COMMIT_STOCK,
  CommitStockV1,
  PAYMENT_AUTHORIZED,
  PAYMENT_DECLINED,
  PaymentAuthorizedV1,
  PaymentDeclinedV1,
  PRODUCT_CHANGED,
  ProductChangedV1,
  RELEASE_STOCK,
  RESERVE_STOCK,
  ReleaseStockV1,
  ReserveStockV1,
  STOCK_CHANGED,
  STOCK_REJECTED,
  STOCK_RESERVED,
  StockChangedV1,
  StockRejectedV1,
  StockReservedV1,
  VOID_PAYMENT,
  VoidPaymentV1,
} from "@tessera/contracts/events";
import { eq } from "drizzle-orm";
import { checkout } from "../app.ts";
import { CART_COOKIE } from "../cart/cart-id.ts";
import { products, stock } from "../db/schema.ts";

export interface Harness {
  bus: Bus;
  service: BuiltService;
  /** Mints the identity tokens the composer would send (the service verifies with its keys). */
  access: TestAccess;
  close(): Promise<void>;
}

/** Builds checkout in memory on its own in-process bus and starts its consumers, relay and sweeper. */
export async function startCheckout(env: Record<string, string> = {}): Promise<Harness> {
  const bus = createInProcessBus();
  const access = await testAccess();
  const service = await buildService(checkout, {
    env: {
      LOG_LEVEL: "silent",
      SWEEP_INTERVAL_MS: "3600000",
      PLACE_ORDER_WAIT_MS: "5000",
      ...access.env,
      ...env,
    },
    inMemory: true,
    bus,
  });
  await service.start();
  return {
    bus,
    service,
    access,
    async close() {
      await service.close();
      await bus.close();
    },
  };
}

let sequence = 0;
const at = () => new Date(Date.UTC(2026, 0, 1) + ++sequence * 1000).toISOString();

/** Publishes `catalog.product-changed` for a variant and waits until checkout's read model has it. */
export async function givenProduct(
  h: Harness,
  sku: string,
  priceCents: number,
  name = `Tractor ${sku}`,
): Promise<void> {
  const changedAt = at();
  await h.bus.publish(
    PRODUCT_CHANGED,
    ProductChangedV1.parse({
      type: "ProductChanged",
      version: 1,
      sku,
      productId: `P-${sku}`,
      name,
      description: "A test tractor",
      category: "classic",
      price: { amount: priceCents, currency: "EUR" },
      image: `/api/catalog/images/${sku}.v1.svg`,
      changedAt,
    }),
    { id: crypto.randomUUID() },
  );
  const db = h.service.ctx.database.db;
  await eventually(
    async () =>
      (await db.select().from(products).where(eq(products.sku, sku)))[0]?.changedAt.toISOString() ===
      changedAt,
    5000,
    `product ${sku} in the read model`,
  );
}

/** Publishes `inventory.stock-changed` and waits until checkout's read model has it. */
export async function givenStock(h: Harness, sku: string, available: number): Promise<void> {
  const changedAt = at();
  await h.bus.publish(
    STOCK_CHANGED,
    StockChangedV1.parse({ type: "StockChanged", version: 1, sku, available, changedAt }),
    { id: crypto.randomUUID() },
  );
  const db = h.service.ctx.database.db;
  await eventually(
    async () =>
      (await db.select().from(stock).where(eq(stock.sku, sku)))[0]?.changedAt.toISOString() === changedAt,
    5000,
    `stock of ${sku} in the read model`,
  );
}

/** A message as the bus would deliver it (for applying a reply by hand). */
export function deliver(subject: string, data: unknown, id: string = crypto.randomUUID()): BusMessage {
  return { id, subject, data, headers: {}, deliveryCount: 1 };
}

export interface FakeInventory {
  reserved: ReserveStockV1[];
  released: ReleaseStockV1[];
  committed: CommitStockV1[];
  /** Skus it refuses to reserve. */
  rejectSkus: Set<string>;
  /** When true it never answers a reservation (a stock timeout). */
  silent: boolean;
}

/** Inventory's side of the saga: reserves unless a sku is in `rejectSkus`; records every command. */
export async function fakeInventory(bus: Bus): Promise<FakeInventory> {
  const fake: FakeInventory = {
    reserved: [],
    released: [],
    committed: [],
    rejectSkus: new Set(),
    silent: false,
  };
  await bus.consume({
    durable: "fake-inventory-reserve",
    subject: RESERVE_STOCK,
    handler: async (m) => {
      const command = ReserveStockV1.parse(m.data);
      fake.reserved.push(command);
      if (fake.silent) return;
      const rejected = command.lines.filter((l) => fake.rejectSkus.has(l.sku)).map((l) => l.sku);
      if (rejected.length > 0) {
        await bus.publish(
          STOCK_REJECTED,
          StockRejectedV1.parse({
            type: "StockRejected",
            version: 1,
            orderId: command.orderId,
            reason: "insufficient stock",
            skus: rejected,
          }),
          { id: crypto.randomUUID() },
        );
        return;
      }
      await bus.publish(
        STOCK_RESERVED,
        StockReservedV1.parse({
          type: "StockReserved",
          version: 1,
          orderId: command.orderId,
          reservedAt: new Date().toISOString(),
        }),
        { id: crypto.randomUUID() },
      );
    },
  });
  await bus.consume({
    durable: "fake-inventory-release",
    subject: RELEASE_STOCK,
    handler: async (m) => void fake.released.push(ReleaseStockV1.parse(m.data)),
  });
  await bus.consume({
    durable: "fake-inventory-commit",
    subject: COMMIT_STOCK,
    handler: async (m) => void fake.committed.push(CommitStockV1.parse(m.data)),
  });
  return fake;
}

export interface FakePayments {
  authorizations: AuthorizePaymentV1[];
  voided: VoidPaymentV1[];
}

/** Payments' side: the test tokens behave as documented (success, declined, never answers). */
export async function fakePayments(bus: Bus): Promise<FakePayments> {
  const fake: FakePayments = { authorizations: [], voided: [] };
  await bus.consume({
    durable: "fake-payments-authorize",
    subject: AUTHORIZE_PAYMENT,
    handler: async (m) => {
      const command = AuthorizePaymentV1.parse(m.data);
      fake.authorizations.push(command);
      if (command.token === "tok_visa_success") {
        await bus.publish(PAYMENT_AUTHORIZED, paymentAuthorized(command.orderId, command.amount.amount), {
          id: crypto.randomUUID(),
        });
      } else if (command.token === "tok_visa_declined") {
        await bus.publish(
          PAYMENT_DECLINED,
          PaymentDeclinedV1.parse({
            type: "PaymentDeclined",
            version: 1,
            orderId: command.orderId,
            reason: "card declined",
          }),
          { id: crypto.randomUUID() },
        );
      }
    },
  });
  await bus.consume({
    durable: "fake-payments-void",
    subject: VOID_PAYMENT,
    handler: async (m) => void fake.voided.push(VoidPaymentV1.parse(m.data)),
  });
  return fake;
}

/** A valid `payments.payment-authorized` for an order. */
export function paymentAuthorized(orderId: string, amount: number): PaymentAuthorizedV1 {
  return PaymentAuthorizedV1.parse({
    type: "PaymentAuthorized",
    version: 1,
    orderId,
    paymentId: `pay_${orderId}`,
    amount: { amount, currency: "EUR" },
    authorizedAt: new Date().toISOString(),
  });
}

export interface Shopper {
  cartId?: string;
  user?: string;
}

/** Posts a form (urlencoded) or, with `json`, asks for a JSON answer; as the composer would forward it. */
export async function post(
  h: Harness,
  path: string,
  fields: Record<string, string>,
  shopper: Shopper = {},
  json = false,
): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (json) headers.accept = "application/json";
  if (shopper.cartId) headers["x-tessera-cart-id"] = shopper.cartId;
  if (shopper.user) Object.assign(headers, await h.access.as(shopper.user, "checkout"));
  return h.service.app.request(path, {
    method: "POST",
    headers,
    body: new URLSearchParams(fields).toString(),
  });
}

/** A GET as the composer forwards it, with the shopper's context headers. */
export async function get(h: Harness, path: string, shopper: Shopper = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (shopper.cartId) headers["x-tessera-cart-id"] = shopper.cartId;
  if (shopper.user) Object.assign(headers, await h.access.as(shopper.user, "checkout"));
  return h.service.app.request(path, { headers });
}

/** The cart id a response's `set-cookie` starts, or undefined. */
export function cartCookieOf(response: Response): string | undefined {
  const cookie = response.headers.get("set-cookie") ?? "";
  return new RegExp(`${CART_COOKIE}=([^;]+)`).exec(cookie)?.[1];
}

/** Adds to a new cart and returns the shopper holding it. */
export async function shopperWith(h: Harness, items: Record<string, number>): Promise<Shopper> {
  const shopper: Shopper = {};
  for (const [sku, quantity] of Object.entries(items)) {
    const response = await post(h, "/checkout/cart/add", { sku, quantity: String(quantity) }, shopper, true);
    if (response.status !== 200)
      throw new Error(`adding ${sku}: ${response.status} ${await response.text()}`);
    shopper.cartId ??= cartCookieOf(response);
  }
  return shopper;
}
