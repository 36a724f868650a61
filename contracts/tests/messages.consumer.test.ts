/**
 * Every NATS message edge but explore ← catalog (its own file): the checkout saga's commands
 * (inventory and payments consume them), their replies (checkout consumes them), the read-model
 * events (`catalog.product-changed` for inventory and checkout, `inventory.stock-changed` for
 * checkout) and checkout's order events. Pact hands each example message to the consumer's real
 * handler, running in the consumer's in-memory service with its real database; the handler must
 * accept it (a message its schema refuses throws). Order events have no subscriber in the code
 * yet: their consumer is `subscribers`, which parses them with the published v1 schemas.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MatchersV3, PactV4 } from "@pact-foundation/pact";
import type { BusMessage } from "@tessera/chassis/bus";
import type { Db } from "@tessera/chassis/db";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import {
  AUTHORIZE_PAYMENT,
  COMMIT_STOCK,
  ORDER_CANCELLED,
  ORDER_CONFIRMED,
  ORDER_PLACED,
  OrderCancelledV1,
  OrderConfirmedV1,
  OrderPlacedV1,
  PAYMENT_AUTHORIZED,
  PAYMENT_DECLINED,
  PRODUCT_CHANGED,
  RELEASE_STOCK,
  RESERVE_STOCK,
  STOCK_CHANGED,
  STOCK_REJECTED,
  STOCK_RESERVED,
  VOID_PAYMENT,
} from "@tessera/contracts/events";
import { checkout } from "../../services/checkout/app.ts";
import {
  applyStockChanged,
  applyProductChanged as checkoutProductChanged,
} from "../../services/checkout/events/read-models.ts";
import { applyReply } from "../../services/checkout/saga/orchestrator.ts";
import { inventory } from "../../services/inventory/app.ts";
import { commitStock } from "../../services/inventory/events/commit-stock.ts";
import { applyProductChanged as inventoryProductChanged } from "../../services/inventory/events/product-changed.ts";
import { releaseStock } from "../../services/inventory/events/release-stock.ts";
import { reserveStock } from "../../services/inventory/events/reserve-stock.ts";
import { payments } from "../../services/payments/app.ts";
import { authorizePayment } from "../../services/payments/events/authorize-payment.ts";
import { voidPayment } from "../../services/payments/events/void-payment.ts";
import { MESSAGE_INTERACTIONS, PACTS_DIR, stampPact, startPact } from "../support/pact.ts";

const { eachLike, integer, regex, string } = MatchersV3;

const ISO = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$";
const at = () => regex(ISO, "2026-01-01T00:00:00.000Z");
const orderId = (example: string) => regex("^[A-Z0-9-]{4,40}$", example);
const sku = (example: string) => regex("^[A-Z0-9-]{2,32}$", example);
const money = (amount = 5_890_000) => ({ amount: integer(amount), currency: regex("^[A-Z]{3}$", "EUR") });
const line = (s = "CL-01-GR") => ({ sku: sku(s), quantity: integer(1) });
const pricedLine = (s = "CL-01-GR") => ({ ...line(s), unitPrice: money(), name: string("Contract tractor") });

const services: Record<string, BuiltService> = {};
const dbOf = (name: string): Db => (services[name] as BuiltService).ctx.database.db;
const TIMING = { stockTimeoutMs: 30_000, paymentTimeoutMs: 30_000 };

interface MessageEdge {
  consumer: string;
  provider: string;
  subject: string;
  description: string;
  state: { name: string; params: Record<string, string> };
  content: Record<string, unknown>;
  /** The consumer's real handler; resolves with its outcome. */
  handle: (message: BusMessage) => Promise<unknown>;
  /** Outcomes the handler may report for this example (anything else fails the test). */
  outcomes?: unknown[];
}

const ORDER = "ORD-CONTRACT-1";
const EDGES: MessageEdge[] = [
  // ---- the saga's commands ----
  {
    consumer: "inventory",
    provider: "checkout",
    subject: RESERVE_STOCK,
    description: "a command to reserve an order's stock at a pickup store",
    state: {
      name: `order ${ORDER} waits for stock`,
      params: { orderId: ORDER, sku: "CL-01-GR", storeId: "store-hamburg" },
    },
    content: {
      type: "ReserveStock",
      version: 1,
      orderId: orderId(ORDER),
      lines: eachLike(line()),
      storeId: string("store-hamburg"),
    },
    handle: (m) => reserveStock(dbOf("inventory"), m),
    outcomes: ["reserved", "rejected"],
  },
  {
    consumer: "inventory",
    provider: "checkout",
    subject: RELEASE_STOCK,
    description: "a command to release an order's reservation",
    state: { name: `order ${ORDER} is cancelled after its stock was reserved`, params: { orderId: ORDER } },
    content: {
      type: "ReleaseStock",
      version: 1,
      orderId: orderId(ORDER),
      reason: string("payment-declined"),
    },
    handle: (m) => releaseStock(dbOf("inventory"), m),
  },
  {
    consumer: "inventory",
    provider: "checkout",
    subject: COMMIT_STOCK,
    description: "a command to commit an order's reserved stock",
    state: { name: `order ${ORDER} is confirmed`, params: { orderId: ORDER } },
    content: { type: "CommitStock", version: 1, orderId: orderId(ORDER) },
    handle: (m) => commitStock(dbOf("inventory"), m),
  },
  {
    consumer: "payments",
    provider: "checkout",
    subject: AUTHORIZE_PAYMENT,
    description: "a command to authorise an order's payment",
    state: { name: `order ${ORDER} waits for payment`, params: { orderId: ORDER } },
    content: {
      type: "AuthorizePayment",
      version: 1,
      orderId: orderId(ORDER),
      amount: money(),
      token: regex("^tok_visa_(success|declined|timeout)$", "tok_visa_success"),
    },
    handle: (m) => authorizePayment(dbOf("payments"), m),
    outcomes: ["authorized", "declined", "pending"],
  },
  {
    consumer: "payments",
    provider: "checkout",
    subject: VOID_PAYMENT,
    description: "a command to void an order's authorisation",
    state: {
      name: `order ${ORDER} is cancelled after its payment was authorised`,
      params: { orderId: ORDER },
    },
    content: { type: "VoidPayment", version: 1, orderId: orderId(ORDER), reason: string("stock-timeout") },
    handle: (m) => voidPayment(dbOf("payments"), m),
  },
  // ---- the replies ----
  {
    consumer: "checkout",
    provider: "inventory",
    subject: STOCK_RESERVED,
    description: "a reply that an order's stock is reserved",
    state: { name: "sku CL-01-GR has stock for an order", params: { sku: "CL-01-GR", orderId: ORDER } },
    content: { type: "StockReserved", version: 1, orderId: orderId(ORDER), reservedAt: at() },
    handle: (m) => applyReply(dbOf("checkout"), m, TIMING),
  },
  {
    consumer: "checkout",
    provider: "inventory",
    subject: STOCK_REJECTED,
    description: "a reply that an order's stock cannot be reserved",
    state: {
      name: "sku NO-STOCK-1 has no stock for an order",
      params: { sku: "NO-STOCK-1", orderId: "ORD-CONTRACT-2" },
    },
    content: {
      type: "StockRejected",
      version: 1,
      orderId: orderId("ORD-CONTRACT-2"),
      reason: string("out of stock"),
      skus: eachLike(sku("NO-STOCK-1"), 0),
    },
    handle: (m) => applyReply(dbOf("checkout"), m, TIMING),
  },
  {
    consumer: "checkout",
    provider: "payments",
    subject: PAYMENT_AUTHORIZED,
    description: "a reply that an order's payment is authorised",
    state: {
      name: "card tok_visa_success is presented for an order",
      params: { orderId: "ORD-TOK-VISA-SUCCESS" },
    },
    content: {
      type: "PaymentAuthorized",
      version: 1,
      orderId: orderId("ORD-TOK-VISA-SUCCESS"),
      paymentId: string("pay_1"),
      amount: money(),
      authorizedAt: at(),
    },
    handle: (m) => applyReply(dbOf("checkout"), m, TIMING),
  },
  {
    consumer: "checkout",
    provider: "payments",
    subject: PAYMENT_DECLINED,
    description: "a reply that an order's payment is declined",
    state: {
      name: "card tok_visa_declined is presented for an order",
      params: { orderId: "ORD-TOK-VISA-DECLINED" },
    },
    content: {
      type: "PaymentDeclined",
      version: 1,
      orderId: orderId("ORD-TOK-VISA-DECLINED"),
      reason: string("Your card was declined."),
    },
    handle: (m) => applyReply(dbOf("checkout"), m, TIMING),
  },
  // ---- read-model events ----
  {
    consumer: "checkout",
    provider: "inventory",
    subject: STOCK_CHANGED,
    description: "an event that a variant's stock changed",
    state: { name: "stock is known for sku CL-01-GR", params: { sku: "CL-01-GR" } },
    content: {
      type: "StockChanged",
      version: 1,
      sku: sku("CL-01-GR"),
      available: integer(39),
      changedAt: at(),
    },
    handle: (m) => applyStockChanged(dbOf("checkout"), m),
    outcomes: [true],
  },
  ...(["inventory", "checkout"] as const).map(
    (consumer): MessageEdge => ({
      consumer,
      provider: "catalog",
      subject: PRODUCT_CHANGED,
      description: `a ${PRODUCT_CHANGED} event for CL-01-GR`,
      state: { name: "a product with sku CL-01-GR exists", params: { sku: "CL-01-GR" } },
      content: {
        type: "ProductChanged",
        version: 1,
        sku: sku("CL-01-GR"),
        productId: regex("^[\\s\\S]+$", "TR-CL-001"),
        name: regex("^[\\s\\S]+$", "Heritage Workhorse — Meadow Green"),
        description: string("A faithful 1950s utility tractor."),
        category: regex("^[\\s\\S]+$", "classic"),
        price: money(),
        image: regex("^[\\s\\S]+$", "/api/catalog/images/CL-01-GR.v1.svg"),
        changedAt: at(),
      },
      handle:
        consumer === "inventory"
          ? (m) => inventoryProductChanged(dbOf("inventory"), m)
          : (m) => checkoutProductChanged(dbOf("checkout"), m),
      outcomes: consumer === "inventory" ? ["seeded", "known"] : [true],
    }),
  ),
  // ---- order events: no subscriber in the code; the published schemas are the contract ----
  {
    consumer: "subscribers",
    provider: "checkout",
    subject: ORDER_PLACED,
    description: "an event that an order was placed",
    state: { name: `order ${ORDER} is placed`, params: { orderId: ORDER } },
    content: {
      type: "OrderPlaced",
      version: 1,
      orderId: orderId(ORDER),
      customerId: string("user-contract"),
      lines: eachLike(pricedLine()),
      total: money(),
      delivery: { type: "pickup", storeId: string("store-hamburg") },
      placedAt: at(),
    },
    handle: async (m) => OrderPlacedV1.parse(m.data).type,
  },
  {
    consumer: "subscribers",
    provider: "checkout",
    subject: ORDER_CONFIRMED,
    description: "an event that an order was confirmed",
    state: { name: `order ${ORDER} is confirmed`, params: { orderId: ORDER } },
    content: {
      type: "OrderConfirmed",
      version: 1,
      orderId: orderId(ORDER),
      customerId: string("user-contract"),
      lines: eachLike(pricedLine()),
      total: money(),
      confirmedAt: at(),
    },
    handle: async (m) => OrderConfirmedV1.parse(m.data).type,
  },
  {
    consumer: "subscribers",
    provider: "checkout",
    subject: ORDER_CANCELLED,
    description: "an event that an order was cancelled",
    state: { name: `order ${ORDER} is cancelled`, params: { orderId: ORDER } },
    content: {
      type: "OrderCancelled",
      version: 1,
      orderId: orderId(ORDER),
      customerId: string("user-contract"),
      reason: regex(
        "^(out-of-stock|payment-declined|payment-timeout|stock-timeout|cancelled)$",
        "payment-declined",
      ),
      cancelledAt: at(),
    },
    handle: async (m) => OrderCancelledV1.parse(m.data).type,
  },
];

const pacts = new Map<string, PactV4>();
function pactOf(consumer: string, provider: string): PactV4 {
  const key = `${consumer}|${provider}`;
  let pact = pacts.get(key);
  if (!pact) {
    startPact(consumer, provider, MESSAGE_INTERACTIONS);
    pact = new PactV4({ consumer, provider, dir: PACTS_DIR, logLevel: "warn" });
    pacts.set(key, pact);
  }
  return pact;
}

beforeAll(async () => {
  const env = { LOG_LEVEL: "silent" };
  services.inventory = await buildService(inventory, { env, inMemory: true });
  services.payments = await buildService(payments, { env, inMemory: true });
  services.checkout = await buildService(checkout, { env, inMemory: true });
}, 60_000); // three in-memory databases on a busy 2-core machine
afterAll(async () => {
  for (const s of Object.values(services)) await s.close();
  for (const key of pacts.keys()) {
    const [consumer, provider] = key.split("|") as [string, string];
    stampPact(consumer, provider);
  }
});

for (const edge of EDGES) {
  describe(`${edge.consumer} ← ${edge.provider} (${edge.subject})`, () => {
    test(`${edge.subject} - ${edge.state.name} - ${edge.consumer}'s handler accepts it`, async () => {
      await pactOf(edge.consumer, edge.provider)
        .addAsynchronousInteraction()
        .given(edge.state.name, edge.state.params)
        .expectsToReceive(`${edge.consumer}: ${edge.description}`, (message) =>
          message.withJSONContent(edge.content).withMetadata({ subject: edge.subject }),
        )
        .executeTest(async (message) => {
          const outcome = await edge.handle({
            id: crypto.randomUUID(),
            subject: String(message.metadata?.subject ?? edge.subject),
            data: message.contents.content,
            headers: {},
            deliveryCount: 1,
          });
          if (edge.outcomes) expect(edge.outcomes).toContain(outcome);
          else expect(outcome).toBeDefined();
        });
    }, 30_000);
  });
}
