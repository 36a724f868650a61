/**
 * The shoppers: each order is one new cart filled through checkout's JSON API
 * (`POST /checkout/cart/add`, `accept: application/json`) and placed with
 * `POST /checkout/place-order` (pickup at a store, a test payment token), by many concurrent
 * shoppers. A shopper whose request failed (the service was killed, its database dropped) never
 * places blindly again: it first asks checkout for its orders (`GET /api/orders?customer=`), so a
 * retry never buys twice; only then does it place again (one pending order per cart).
 */
import { STORE_IDS } from "@tessera/contracts/reference/stores";

export type Token = "tok_visa_success" | "tok_visa_declined" | "tok_visa_timeout";
export type TokenMix = Partial<Record<Token, number>>;

export interface Attempt {
  customer: string;
  cartId?: string;
  /** The order id checkout gave the shopper (undefined: none). */
  orderId?: string;
  /** The state the shopper saw last. */
  state?: string;
  /** Refused by checkout (409/422: empty or unavailable cart) — no order. */
  refused?: string;
  /** Gave up without an answer (bounded retries exhausted). */
  error?: string;
  retries: number;
}

export interface WorkloadOptions {
  checkoutUrl: () => string;
  scenario: string;
  orders: number;
  concurrency: number;
  skus: string[];
  tokens: TokenMix;
  /** Called after each finished attempt (progress for the fault schedule). */
  onDone?: (done: number) => void;
  /** The headers that sign a shopper in (an internal identity token for checkout). */
  identity: (customer: string) => Promise<Record<string, string>>;
  /**
   * When shoppers give up (epoch ms): no retry and no new shopper after it, so a system that
   * stops answering ends the run with the attempts it had (each marked) instead of never.
   */
  deadline?: number;
}

const JSON_HEADERS = { accept: "application/json", "content-type": "application/json" };

function pickToken(mix: TokenMix, r: number): Token {
  const entries = Object.entries(mix) as [Token, number][];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let x = r * total;
  for (const [token, weight] of entries) {
    x -= weight;
    if (x < 0) return token;
  }
  return entries[0]?.[0] ?? "tok_visa_success";
}

/** A small deterministic PRNG, so runs are comparable. */
function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** A shopper call's answer, its body already read. */
interface Answer {
  status: number;
  ok: boolean;
  headers: Headers;
  body: string;
}

/**
 * One request, its body read within the same `timeoutMs` (a response whose body stalls counts as
 * no answer, like one that never came). One timer both aborts the fetch and answers for it, so a
 * body read that ignored the abort still leaves the shopper on time; the answer is a plain record
 * (no `Response` copy, no `Promise.race`, no second timer: less of the harness's CPU per call).
 */
function call(url: string, init: RequestInit, timeoutMs = 30_000): Promise<Answer | Error> {
  return new Promise((resolve) => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      const error = new Error(`no answer from ${url} within ${timeoutMs} ms`);
      controller.abort(error);
      resolve(error);
    }, timeoutMs);
    fetch(url, { ...init, signal: controller.signal })
      .then(async (r) => ({ status: r.status, ok: r.ok, headers: r.headers, body: await r.text() }))
      .then(resolve, (error: Error) => resolve(error))
      .finally(() => clearTimeout(timer));
  });
}

/** The answer's JSON body, or undefined when it is not JSON. */
function jsonOf<T>(answer: Answer): T | undefined {
  try {
    return JSON.parse(answer.body) as T;
  } catch {
    return undefined;
  }
}

const transient = (r: Answer | Error) => r instanceof Error || r.status >= 500;

async function placeOne(options: WorkloadOptions, index: number): Promise<Attempt> {
  const rnd = random(index * 7919 + options.scenario.length * 104729 + 17);
  const customer = `shopper-${options.scenario}-${index}`;
  const attempt: Attempt = { customer, retries: 0 };
  const lineCount = rnd() < 0.7 ? 1 : 2;
  const lines = new Map<string, number>();
  for (let i = 0; i < lineCount; i++) {
    const sku = options.skus[Math.floor(rnd() * options.skus.length)] as string;
    lines.set(sku, 1 + Math.floor(rnd() * 3));
  }
  const storeId = STORE_IDS[Math.floor(rnd() * STORE_IDS.length)] as string;
  const paymentToken = pickToken(options.tokens, rnd());
  const base = options.checkoutUrl;
  const sleep = (n: number) => Bun.sleep(Math.min(2000, 100 * 2 ** Math.min(n, 4)));
  const signedIn = await options.identity(customer);
  const userHeaders = () => ({
    ...JSON_HEADERS,
    ...signedIn,
    ...(attempt.cartId ? { "x-tessera-cart-id": attempt.cartId } : {}),
  });

  // fill the cart (a failed first add may leave an orphan cart: harmless)
  const pastDeadline = () => options.deadline !== undefined && Date.now() > options.deadline;
  for (const [sku, quantity] of lines) {
    for (let n = 0; ; n++) {
      if (n >= 30) {
        attempt.error = `cart/add failed 30 times`;
        return attempt;
      }
      if (n > 0 && pastDeadline()) {
        attempt.error = "cart/add unanswered at the run's deadline";
        return attempt;
      }
      const r = await call(`${base()}/checkout/cart/add`, {
        method: "POST",
        headers: userHeaders(),
        body: JSON.stringify({ sku, quantity }),
      });
      if (!(r instanceof Error) && !transient(r)) {
        if (!r.ok) {
          attempt.refused = `cart/add ${r.status}`;
          return attempt;
        }
        const cookie = r.headers.get("set-cookie") ?? "";
        const id = /tessera_cart=([^;]+)/.exec(cookie)?.[1];
        if (id) attempt.cartId = id;
        break;
      }
      attempt.retries++;
      await sleep(n);
    }
  }

  /** The shopper's order, if checkout has one: "found", "none", or "unknown" (no answer). */
  const lookup = async (): Promise<"found" | "none" | "unknown"> => {
    const r = await call(`${base()}/api/orders?customer=${encodeURIComponent(customer)}`, {
      headers: userHeaders(),
    });
    if (r instanceof Error || !r.ok) return "unknown";
    const body = jsonOf<{ items: { id: string; state: string }[] }>(r);
    if (!body) return "unknown";
    const mine = body.items.at(-1); // the oldest: the first one this shopper placed
    if (!mine) return "none";
    attempt.orderId = mine.id;
    attempt.state = mine.state;
    return "found";
  };

  let uncertain = false;
  for (let n = 0; ; n++) {
    if (n >= 60) {
      attempt.error = "place-order failed 60 times";
      return attempt;
    }
    if (n > 0 && pastDeadline()) {
      attempt.error = "place-order unanswered at the run's deadline";
      return attempt;
    }
    if (uncertain) {
      // an earlier answer was lost: the order may exist; never place blindly again
      const found = await lookup();
      if (found === "found") return attempt;
      if (found === "unknown") {
        attempt.retries++;
        await sleep(n);
        continue;
      }
    }
    const r = await call(`${base()}/checkout/place-order`, {
      method: "POST",
      headers: userHeaders(),
      body: JSON.stringify({ delivery: "pickup", storeId, paymentToken }),
    });
    if (!(r instanceof Error) && !transient(r)) {
      if (r.status === 201) {
        const order = jsonOf<{ id: string; state: string }>(r);
        if (!order) throw new Error(`place-order answered 201 without a JSON order: ${r.body.slice(0, 200)}`);
        attempt.orderId = order.id;
        attempt.state = order.state;
        return attempt;
      }
      const body = jsonOf<{ reason?: string; detail?: string }>(r) ?? {};
      if (uncertain && (await lookup()) === "found") return attempt;
      attempt.refused = `${r.status} ${body.reason ?? body.detail ?? ""}`.trim();
      return attempt;
    }
    uncertain = true;
    attempt.retries++;
    await sleep(n);
  }
}

/** Places `orders` orders with `concurrency` shoppers at a time; resolves every attempt. */
export async function placeOrders(options: WorkloadOptions): Promise<Attempt[]> {
  const attempts: Attempt[] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < options.orders) {
      if (options.deadline !== undefined && Date.now() > options.deadline) {
        const index = next++;
        attempts[index] = {
          customer: `shopper-${options.scenario}-${index}`,
          retries: 0,
          error: "not started: the run's deadline passed",
        };
        options.onDone?.(++done);
        continue;
      }
      const index = next++;
      attempts[index] = await placeOne(options, index);
      options.onDone?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.orders) }, worker));
  return attempts;
}
