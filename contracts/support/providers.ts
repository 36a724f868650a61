/**
 * Each provider as its verification runs it: the real service definition (built in memory, real
 * PGlite database, seeded as the service seeds itself), the provider states a pact may name (each
 * makes its sentence true in the provider's own database) and, for every subject it publishes,
 * the real producer code: the service's handler or builder runs, and the message it wrote to its
 * transactional outbox is what the verifier compares with the pact.
 */
import type { BusMessage } from "@tessera/chassis/bus";
import type { Db } from "@tessera/chassis/db";
import { outbox } from "@tessera/chassis/outbox";
import type { BuiltService, ServiceDefinition } from "@tessera/chassis/service";
import {
  AUTHORIZE_PAYMENT,
  COMMIT_STOCK,
  ORDER_CANCELLED,
  ORDER_CONFIRMED,
  ORDER_PLACED,
  PAYMENT_AUTHORIZED,
  PAYMENT_DECLINED,
  PRODUCT_CHANGED,
  ProductChangedV1,
  RELEASE_STOCK,
  RESERVE_STOCK,
  STOCK_CHANGED,
  STOCK_REJECTED,
  STOCK_RESERVED,
  VOID_PAYMENT,
} from "@tessera/contracts/events";
import { desc, eq } from "drizzle-orm";
import { catalog } from "../../services/catalog/app.ts";
import { products, variants } from "../../services/catalog/db/schema.ts";
import { seedCatalog } from "../../services/catalog/db/seed.ts";
import { productChanged } from "../../services/catalog/events/product-changed.ts";
import { checkout } from "../../services/checkout/app.ts";
import {
  cartLines,
  carts,
  type Order,
  orders,
  products as saleProducts,
} from "../../services/checkout/db/schema.ts";
import {
  applyProductChanged as checkoutProductChanged,
  applyStockChanged as checkoutStockChanged,
} from "../../services/checkout/events/read-models.ts";
import { send } from "../../services/checkout/saga/messages.ts";
import { explore } from "../../services/explore/app.ts";
import { applyProductChanged as exploreProductChanged } from "../../services/explore/events/product-changed.ts";
import { identity } from "../../services/identity/app.ts";
import { users } from "../../services/identity/db/schema.ts";
import { hashPassword } from "../../services/identity/users/passwords.ts";
import { insertUser } from "../../services/identity/users/store.ts";
import { inventory } from "../../services/inventory/app.ts";
import { seedStock } from "../../services/inventory/db/seed.ts";
import { reserveStock } from "../../services/inventory/events/reserve-stock.ts";
import { enqueueStockChanged } from "../../services/inventory/events/stock-changed.ts";
import { ops } from "../../services/ops/app.ts";
import { payments } from "../../services/payments/app.ts";
import { authorizePayment } from "../../services/payments/events/authorize-payment.ts";

export type Params = Record<string, unknown>;
export type StateSetup = (service: BuiltService, match: RegExpMatchArray, params: Params) => Promise<unknown>;
export type Publisher = (service: BuiltService, params: Params) => Promise<unknown>;

export interface ProviderSpec {
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: each service's definition has its own config type
  definition: ServiceDefinition<any>;
  states: [RegExp, StateSetup][];
  publishers: Record<string, Publisher>;
  /** Configuration the verified instance runs with (besides `LOG_LEVEL=silent`). */
  env?: Record<string, string>;
}

const dbOf = (service: BuiltService): Db => service.ctx.database.db;
const deliver = (subject: string, data: unknown): BusMessage => ({
  id: crypto.randomUUID(),
  subject,
  data,
  headers: {},
  deliveryCount: 1,
});
const text = (params: Params, key: string, fallback: string): string =>
  typeof params[key] === "string" ? (params[key] as string) : fallback;

/** The newest message the service wrote to its outbox on `subject`: what its relay publishes. */
async function lastSent(service: BuiltService, subject: string): Promise<unknown> {
  const [row] = await dbOf(service)
    .select()
    .from(outbox)
    .where(eq(outbox.subject, subject))
    .orderBy(desc(outbox.createdAt))
    .limit(1);
  if (!row) throw new Error(`the producer wrote no ${subject} message to its outbox`);
  return row.payload;
}

/** A catalog event for `sku` as the catalog would publish it (for other services' read models). */
const productEvent = (sku: string, amount = 5_890_000): ProductChangedV1 =>
  ProductChangedV1.parse({
    type: "ProductChanged",
    version: 1,
    sku,
    productId: `TR-${sku.slice(0, 2)}-001`,
    name: `Contract tractor ${sku}`,
    description: "A tractor a contract test made.",
    category: "classic",
    categoryName: "Classic tractors",
    productName: "Contract tractor",
    color: "#2f7d32",
    colorName: "Meadow Green",
    price: { amount, currency: "EUR" },
    image: `/api/catalog/images/${sku}.v1.svg`,
    changedAt: new Date().toISOString(),
  });

// ---- catalog ----

async function ensureCatalogProduct(service: BuiltService, sku: string): Promise<void> {
  const db = dbOf(service);
  await seedCatalog(db);
  const [found] = await db.select().from(variants).where(eq(variants.sku, sku));
  if (found) return;
  const productId = `TEST-${sku}`;
  await db
    .insert(products)
    .values({ id: productId, name: `Test ${sku}`, description: "A contract-test product", category: "test" })
    .onConflictDoNothing();
  await db
    .insert(variants)
    .values({ sku, productId, name: `Test ${sku}`, color: "#000000", priceCents: 100 });
}

const catalogSpec: ProviderSpec = {
  name: "catalog",
  definition: catalog,
  states: [
    [/^the catalogue is seeded$/, (s) => seedCatalog(dbOf(s))],
    [/^a product with sku (\S+) exists$/, (s, m) => ensureCatalogProduct(s, m[1] as string)],
    [
      /^no product with sku (\S+)$/,
      (s, m) =>
        dbOf(s)
          .delete(variants)
          .where(eq(variants.sku, m[1] as string)),
    ],
  ],
  publishers: {
    [PRODUCT_CHANGED]: async (s, params) => {
      const sku = text(params, "sku", "CL-01-GR");
      const [row] = await dbOf(s)
        .select({ product: products, variant: variants })
        .from(variants)
        .innerJoin(products, eq(products.id, variants.productId))
        .where(eq(variants.sku, sku));
      if (!row) throw new Error(`no variant ${sku} to build ${PRODUCT_CHANGED} from`);
      return productChanged(row.product, row.variant);
    },
  },
};

// ---- explore ----

const exploreSpec: ProviderSpec = {
  name: "explore",
  definition: explore,
  states: [
    [
      /^a product with sku (\S+) is listed$/,
      (s, m) => exploreProductChanged(dbOf(s), deliver(PRODUCT_CHANGED, productEvent(m[1] as string))),
    ],
    [
      /^the catalogue is listed$/,
      async (s) => {
        for (const sku of ["CL-01-GR", "CL-01-RD", "AU-01-SI", "CO-25-OR"])
          await exploreProductChanged(dbOf(s), deliver(PRODUCT_CHANGED, productEvent(sku)));
      },
    ],
    [/^the stores are seeded$/, async () => {}],
  ],
  publishers: {},
};

// ---- inventory ----

const inventorySpec: ProviderSpec = {
  name: "inventory",
  definition: inventory,
  states: [
    [/^stock is known for sku (\S+)$/, (s, m) => seedStock(dbOf(s), m[1] as string)],
    // Message states: the publisher reserves (or fails to) with the state's parameters.
    [/^sku (\S+) has (no )?stock for an order$/, async () => {}],
  ],
  publishers: {
    [STOCK_RESERVED]: async (s, params) => {
      const sku = text(params, "sku", "CL-01-GR");
      await seedStock(dbOf(s), sku, { "store-hamburg": 50, "store-munich": 50 });
      const orderId = text(params, "orderId", "ORD-CONTRACT-1");
      await reserveStock(
        dbOf(s),
        deliver(RESERVE_STOCK, { type: "ReserveStock", version: 1, orderId, lines: [{ sku, quantity: 1 }] }),
      );
      return lastSent(s, STOCK_RESERVED);
    },
    [STOCK_REJECTED]: async (s, params) => {
      const sku = text(params, "sku", "NO-STOCK-1");
      const orderId = text(params, "orderId", "ORD-CONTRACT-2");
      await reserveStock(
        dbOf(s),
        deliver(RESERVE_STOCK, { type: "ReserveStock", version: 1, orderId, lines: [{ sku, quantity: 99 }] }),
      );
      return lastSent(s, STOCK_REJECTED);
    },
    [STOCK_CHANGED]: async (s, params) => {
      const sku = text(params, "sku", "CL-01-GR");
      await seedStock(dbOf(s), sku);
      await enqueueStockChanged(dbOf(s), [sku]);
      return lastSent(s, STOCK_CHANGED);
    },
  },
};

// ---- payments ----

const authorize = (token: string, subject: string): Publisher => {
  return async (s, params) => {
    const orderId = text(params, "orderId", `ORD-${token.toUpperCase().replaceAll("_", "-")}`);
    await authorizePayment(
      dbOf(s),
      deliver(AUTHORIZE_PAYMENT, {
        type: "AuthorizePayment",
        version: 1,
        orderId,
        amount: { amount: 5_890_000, currency: "EUR" },
        token,
      }),
    );
    return lastSent(s, subject);
  };
};

const paymentsSpec: ProviderSpec = {
  name: "payments",
  definition: payments,
  // Message state: the publisher presents the card to the simulated provider.
  states: [[/^card (\S+) is presented for an order$/, async () => {}]],
  publishers: {
    [PAYMENT_AUTHORIZED]: authorize("tok_visa_success", PAYMENT_AUTHORIZED),
    [PAYMENT_DECLINED]: authorize("tok_visa_declined", PAYMENT_DECLINED),
  },
};

// ---- checkout ----

/** An order as checkout's saga holds it: pickup (so reserve-stock names the store) or delivery. */
function order(params: Params): Order {
  const sku = text(params, "sku", "CL-01-GR");
  const now = new Date();
  return {
    id: text(params, "orderId", "ORD-CONTRACT-1"),
    cartId: "cart-contract",
    customerId: text(params, "customerId", "user-contract"),
    state: "pending",
    step: "stock",
    reason: null,
    lines: [
      { sku, quantity: 1, unitPrice: { amount: 5_890_000, currency: "EUR" }, name: "Contract tractor" },
    ],
    totalCents: 5_890_000,
    currency: "EUR",
    delivery: { type: "pickup", storeId: text(params, "storeId", "store-hamburg") },
    paymentToken: "tok_visa_success",
    paymentId: null,
    deadlineAt: null,
    placedAt: now,
    updatedAt: now,
  };
}

const sent = (subject: string, write: (db: Db, o: Order) => Promise<unknown>): Publisher => {
  return async (s, params) => {
    await write(dbOf(s), order(params));
    return lastSent(s, subject);
  };
};

async function ensureOrderOf(service: BuiltService, customerId: string): Promise<void> {
  const o = order({ customerId, orderId: `ORD-${customerId.toUpperCase().replace(/[^A-Z0-9]/g, "")}` });
  await dbOf(service)
    .insert(orders)
    .values({ ...o, state: "confirmed", step: null })
    .onConflictDoNothing();
}

async function ensureCheckoutProduct(service: BuiltService, sku: string): Promise<void> {
  await checkoutProductChanged(dbOf(service), deliver(PRODUCT_CHANGED, productEvent(sku)));
  await checkoutStockChanged(
    dbOf(service),
    deliver(STOCK_CHANGED, {
      type: "StockChanged",
      version: 1,
      sku,
      available: 25,
      changedAt: new Date().toISOString(),
    }),
  );
}

async function setCheckoutStock(service: BuiltService, sku: string, available: number): Promise<void> {
  await checkoutStockChanged(
    dbOf(service),
    deliver(STOCK_CHANGED, {
      type: "StockChanged",
      version: 1,
      sku,
      available,
      changedAt: new Date().toISOString(),
    }),
  );
}

/** Cart `cartId` (the id the composer passes as `x-tessera-cart-id`) holding `quantity` of `sku`. */
async function ensureCart(
  service: BuiltService,
  cartId: string,
  sku: string,
  quantity: number,
): Promise<void> {
  await ensureCheckoutProduct(service, sku);
  const db = dbOf(service);
  await db.insert(carts).values({ id: cartId }).onConflictDoNothing();
  await db
    .insert(cartLines)
    .values({ cartId, sku, quantity })
    .onConflictDoUpdate({ target: [cartLines.cartId, cartLines.sku], set: { quantity } });
}

const checkoutSpec: ProviderSpec = {
  name: "checkout",
  definition: checkout,
  // The place-order form waits for the saga's outcome; nobody answers it here (the order stays
  // pending), so the wait is short and the form answers as it does for a slow saga.
  env: { PLACE_ORDER_WAIT_MS: "200" },
  states: [
    [
      /^cart (\S+) holds (\d+) of sku (\S+)$/,
      (s, m) => ensureCart(s, m[1] as string, m[3] as string, Number(m[2])),
    ],
    [
      /^sku (\S+) is sold out$/,
      async (s, m) => {
        await ensureCheckoutProduct(s, m[1] as string);
        await setCheckoutStock(s, m[1] as string, 0);
      },
    ],
    [
      /^no product with sku (\S+) is on sale$/,
      (s, m) =>
        dbOf(s)
          .delete(saleProducts)
          .where(eq(saleProducts.sku, m[1] as string)),
    ],
    [/^customer (\S+) has an order$/, (s, m) => ensureOrderOf(s, m[1] as string)],
    [/^a product with sku (\S+) is on sale$/, (s, m) => ensureCheckoutProduct(s, m[1] as string)],
    // Message states: the publisher builds the order from the state's parameters.
    [/^order (\S+) (waits for|is) .+$/, async () => {}],
  ],
  publishers: {
    [RESERVE_STOCK]: sent(RESERVE_STOCK, send.reserveStock),
    [RELEASE_STOCK]: sent(RELEASE_STOCK, (db, o) => send.releaseStock(db, o, "payment-declined")),
    [COMMIT_STOCK]: sent(COMMIT_STOCK, send.commitStock),
    [AUTHORIZE_PAYMENT]: sent(AUTHORIZE_PAYMENT, send.authorizePayment),
    [VOID_PAYMENT]: sent(VOID_PAYMENT, (db, o) => send.voidPayment(db, o, "stock-timeout")),
    [ORDER_PLACED]: sent(ORDER_PLACED, send.orderPlaced),
    [ORDER_CONFIRMED]: sent(ORDER_CONFIRMED, (db, o) => send.orderConfirmed(db, o, new Date())),
    [ORDER_CANCELLED]: sent(ORDER_CANCELLED, (db, o) =>
      send.orderCancelled(db, o, "payment-declined", new Date()),
    ),
  },
};

// ---- identity ----

const identitySpec: ProviderSpec = {
  name: "identity",
  definition: identity,
  states: [
    [
      // The password is a parameter (a sentence would show it); hashed as registration hashes it.
      /^a user with email (\S+) exists$/,
      async (s, m, params) =>
        insertUser(dbOf(s), {
          name: text(params, "name", "Contract Shopper"),
          email: m[1] as string,
          passwordHash: await hashPassword(text(params, "password", "correct horse battery")),
        }),
    ],
    [
      /^no user with email (\S+)$/,
      (s, m) =>
        dbOf(s)
          .delete(users)
          .where(eq(users.email, m[1] as string)),
    ],
    [
      /^a user (\S+) named (.+) exists$/,
      (s, m) =>
        dbOf(s)
          .insert(users)
          .values({
            id: m[1] as string,
            email: `${m[1]}@example.test`,
            name: m[2] as string,
            passwordHash: "not-a-real-hash",
          })
          .onConflictDoNothing(),
    ],
  ],
  publishers: {},
};

// ---- ops ----

const opsSpec: ProviderSpec = {
  name: "ops",
  definition: ops,
  states: [],
  publishers: {},
  // The health and audit pages ask the other services, none of which runs here: answer fast.
  env: { OPS_PROBE_TIMEOUT_MS: "200" },
};

export const PROVIDERS: Record<string, ProviderSpec> = {
  catalog: catalogSpec,
  explore: exploreSpec,
  inventory: inventorySpec,
  checkout: checkoutSpec,
  payments: paymentsSpec,
  identity: identitySpec,
  ops: opsSpec,
};
