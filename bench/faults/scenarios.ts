/**
 * The fault scenarios, run in turn against one system: each places its share of the orders while
 * its fault strikes at set points of its progress, then waits until nothing moves any more and
 * reconciles. `runScenario` is what both the bench and the integration tests call.
 */

import { jetstream } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/transport-node";
import { STORE_IDS } from "@tessera/contracts/reference/stores";
import {
  busFigures,
  quiesce,
  type Reconciliation,
  reconcileOrders,
  reconcileStock,
  type StockReconciliation,
  type StockSnapshot,
  stockKey,
  stockSnapshot,
} from "./reconcile.ts";
import type { FaultSystem } from "./system.ts";
import { type Attempt, placeOrders, type TokenMix } from "./workload.ts";

/** What a fault did, for the table (counts, times). */
export type FaultNotes = Record<string, number | string>;

export interface FaultContext {
  system: FaultSystem;
  /** Resolves once this share (0..1) of the scenario's orders is done, or all shoppers finished. */
  at(share: number): Promise<void>;
  /** True once every shopper of the scenario has finished. */
  finished(): boolean;
  notes: FaultNotes;
  say(line: string): void;
}

export interface Scenario {
  name: string;
  title: string;
  tokens: TokenMix;
  fault?: (ctx: FaultContext) => Promise<void>;
}

const MIX: TokenMix = { tok_visa_success: 0.9, tok_visa_declined: 0.05, tok_visa_timeout: 0.05 };

const note = (notes: FaultNotes, name: string, add = 1) => {
  notes[name] = Number(notes[name] ?? 0) + add;
};

async function until(what: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await what()) return true;
    await Bun.sleep(25);
  }
  return false;
}

async function unpublished(
  system: FaultSystem,
  service: "checkout" | "inventory" | "payments",
): Promise<number> {
  const [row] = await system.sql[service]<
    { n: number }[]
  >`select count(*)::int as n from outbox where published_at is null`;
  return row?.n ?? 0;
}

/** The payment tokens of the runs without faults: a few declines, no timeouts. */
const NO_FAULT_TOKENS: TokenMix = { tok_visa_success: 0.95, tok_visa_declined: 0.05 };

/** Orders without faults before the scenarios (`--warmup`): the baseline's tokens, a name of its own. */
export const WARM_UP: Scenario = {
  name: "warm-up",
  title: "no faults, before the scenarios (not the throughput figure)",
  tokens: NO_FAULT_TOKENS,
};

export const SCENARIOS: Scenario[] = [
  {
    name: "baseline",
    title: "no faults (throughput)",
    tokens: NO_FAULT_TOKENS,
  },
  {
    name: "kill-service",
    title: "checkout (the orchestrator) SIGKILLed mid-saga, restarted",
    tokens: MIX,
    async fault(ctx) {
      for (const share of [0.3, 0.65]) {
        await ctx.at(share);
        if (ctx.finished()) return;
        const [row] = await ctx.system.sql.checkout<{ n: number }[]>`
          select count(*)::int as n from orders where state = 'pending'`;
        note(ctx.notes, "pending_at_kill", row?.n ?? 0);
        await ctx.system.kill("checkout");
        note(ctx.notes, "kills");
        await Bun.sleep(500);
        await ctx.system.start("checkout");
      }
    },
  },
  {
    name: "crash-before-publish",
    title: "checkout SIGKILLed after orders committed, before its relay published them",
    tokens: MIX,
    async fault(ctx) {
      const { system } = ctx;
      await ctx.at(0.3);
      if (ctx.finished()) return;
      // the broker becomes unreachable (connections dropped, new ones refused): commits go on,
      // the relay cannot publish; then checkout dies with the events only in its outbox
      system.natsProxy.setAccepting(false);
      system.natsProxy.dropAll();
      await until(async () => (await unpublished(system, "checkout")) >= 20, 10_000);
      note(ctx.notes, "unpublished_at_crash", await unpublished(system, "checkout"));
      await system.kill("checkout");
      system.natsProxy.setAccepting(true);
      await system.start("checkout");
      note(ctx.notes, "kills");
    },
  },
  {
    name: "nats-restart",
    title: "NATS restarted (graceful) twice",
    tokens: MIX,
    async fault(ctx) {
      for (const share of [0.3, 0.65]) {
        await ctx.at(share);
        if (ctx.finished()) return;
        const t0 = Date.now();
        await ctx.system.nats.restart();
        note(ctx.notes, "restarts");
        note(ctx.notes, "restart_ms", Date.now() - t0);
      }
    },
  },
  {
    name: "redelivery",
    title: "every saga message delivered twice (same message id)",
    tokens: MIX,
    async fault(ctx) {
      note(ctx.notes, "duplicates_sent", 0);
      await duplicateMessages(ctx);
    },
  },
  {
    name: "consumer-dies",
    title: "inventory and payments SIGKILLed while consuming (before their acks)",
    tokens: MIX,
    async fault(ctx) {
      for (const [share, service] of [
        [0.25, "inventory"],
        [0.5, "payments"],
        [0.75, "inventory"],
      ] as const) {
        await ctx.at(share);
        if (ctx.finished()) return;
        await ctx.system.kill(service);
        note(ctx.notes, "kills");
        await Bun.sleep(300);
        await ctx.system.start(service);
      }
    },
  },
  {
    name: "payment-timeouts",
    title: "30% of payments never answered (tok_visa_timeout)",
    tokens: { tok_visa_success: 0.65, tok_visa_declined: 0.05, tok_visa_timeout: 0.3 },
  },
  {
    name: "db-drop",
    title: "every PostgreSQL connection dropped 4 times, 2 s of 30 ms latency",
    tokens: MIX,
    async fault(ctx) {
      for (const share of [0.2, 0.4, 0.6, 0.8]) {
        await ctx.at(share);
        if (ctx.finished()) return;
        note(ctx.notes, "connections_dropped", ctx.system.pgProxy.dropAll());
        if (share === 0.4) {
          ctx.system.pgProxy.setLatency(30);
          await Bun.sleep(2000);
          ctx.system.pgProxy.setLatency(0);
        }
      }
    },
  },
];

/**
 * Publishes every message of the saga's streams a second time while the scenario runs, with the
 * original id in `Tessera-Message-Id` (under a new wire id, so the broker's de-duplication keeps
 * it): consumers see the same message id twice, as after a lost acknowledgement.
 */
async function duplicateMessages(ctx: FaultContext): Promise<void> {
  const { system } = ctx;
  const nc = await system.nc();
  const js = jetstream(nc);
  const jsm = await system.jsm();
  const streams = ["INVENTORY", "PAYMENTS", "CHECKOUT"].map((d) => `${system.stream}_${d}`);
  const next = new Map<string, number>();
  for (const s of streams) {
    const info = await jsm.streams.info(s).catch(() => undefined);
    next.set(s, (info?.state.last_seq ?? 0) + 1);
  }
  const pass = async () => {
    for (const s of streams) {
      for (;;) {
        const seq = next.get(s) ?? 1;
        const m = await jsm.streams.getMessage(s, { seq }).catch(() => undefined);
        if (!m) {
          const info = await jsm.streams.info(s).catch(() => undefined);
          if (info && info.state.last_seq >= seq) {
            next.set(s, seq + 1); // a gap (should not happen): skip it
            continue;
          }
          break;
        }
        next.set(s, seq + 1);
        const id = m.header.get("Nats-Msg-Id");
        if (!id || m.header.get("Tessera-Message-Id")) continue; // not an original
        const h = natsHeaders();
        for (const k of m.header.keys()) if (!k.startsWith("Nats-")) h.set(k, m.header.get(k));
        h.set("Tessera-Message-Id", id);
        await js.publish(m.subject, m.data, { msgID: `${id}.dup`, headers: h });
        note(ctx.notes, "duplicates_sent");
      }
    }
  };
  while (!ctx.finished()) {
    await pass();
    await Bun.sleep(50);
  }
  // the last replies and compensations too
  for (let i = 0; i < 20; i++) {
    await pass();
    await Bun.sleep(250);
  }
}

export interface ScenarioResult {
  name: string;
  title: string;
  attempts: number;
  orders: Reconciliation;
  stock: StockReconciliation;
  /** From the first order to every order of the scenario final. */
  seconds: number;
  ordersPerSecond: number;
  /** Waiting for quiescence after the shoppers finished. */
  settleSeconds: number;
  settled: boolean;
  /** What still moved when settling timed out. */
  busy: Record<string, number>;
  redelivered: number;
  deadLetters: number;
  shopperRetries: number;
  notes: FaultNotes;
}

export interface Stage {
  system: FaultSystem;
  skus: string[];
  initial: StockSnapshot;
  restocks: Map<string, number>;
}

/**
 * Waits until checkout and inventory know the catalog's seed, then stocks `skus` skus plentifully
 * in every store (one of them scarcely, so some orders are refused for stock) and takes the stock
 * snapshot reconciliation starts from.
 */
export async function prepareStage(
  system: FaultSystem,
  options: { skus?: number; unitsPerStore?: number } = {},
): Promise<Stage> {
  const wanted = options.skus ?? 12;
  const ok = await until(async () => {
    const [p] = await system.sql.checkout<{ n: number }[]>`select count(*)::int as n from products`;
    const [s] = await system.sql.inventory<{ n: number }[]>`select count(*)::int as n from stock`;
    return (p?.n ?? 0) >= wanted && (s?.n ?? 0) >= wanted * STORE_IDS.length;
  }, 60_000);
  if (!ok) throw new Error("The catalog's seed did not reach checkout and inventory within 60 s");
  await quiesce(system, 60_000);
  const rows = await system.sql.checkout<{ sku: string }[]>`select sku from products order by sku`;
  const step = Math.max(1, Math.floor(rows.length / wanted));
  const skus = rows
    .filter((_, i) => i % step === 0)
    .slice(0, wanted)
    .map((r) => r.sku);
  const initial = await stockSnapshot(system.sql.inventory);
  const restocks = new Map<string, number>();
  const units = options.unitsPerStore ?? 10_000;
  for (const [i, sku] of skus.entries()) {
    for (const storeId of STORE_IDS) {
      // the first sku stays scarce: orders for it run out of stock and are cancelled
      const quantity = i === 0 ? 5 : units;
      const r = await fetch(`${system.url("inventory")}/api/stock/${sku}/restock`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ storeId, quantity }),
      });
      if (!r.ok) throw new Error(`restock ${sku} at ${storeId}: ${r.status} ${await r.text()}`);
      restocks.set(stockKey(sku, storeId), quantity);
    }
  }
  // checkout learns the new availability (inventory.stock-changed) before the shoppers come
  await quiesce(system, 60_000);
  return { system, skus, initial, restocks };
}

export async function runScenario(
  stage: Stage,
  scenario: Scenario,
  options: {
    orders: number;
    concurrency: number;
    say?: (line: string) => void;
    settleTimeoutMs?: number;
    /** How long shoppers keep trying (ms); after it the run ends with what it has, reconciled. */
    shoppersTimeoutMs?: number;
  },
): Promise<ScenarioResult> {
  const say = options.say ?? (() => {});
  const { system } = stage;
  const before = await busFigures(system);
  let done = 0;
  let finished = false;
  const waiters: { share: number; resolve: () => void }[] = [];
  const wake = () => {
    for (const w of [...waiters]) {
      if (finished || done >= w.share * options.orders) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  const notes: FaultNotes = {};
  const ctx: FaultContext = {
    system,
    notes,
    say,
    finished: () => finished,
    at: (share) =>
      new Promise<void>((resolve) => {
        waiters.push({ share, resolve });
        wake();
      }),
  };
  const t0 = performance.now();
  const faultRun = scenario.fault?.(ctx).catch((error: Error) => {
    notes.fault_error = error.message;
  });
  const attempts: Attempt[] = await placeOrders({
    checkoutUrl: () => system.url("checkout"),
    scenario: scenario.name,
    orders: options.orders,
    concurrency: options.concurrency,
    skus: stage.skus,
    tokens: scenario.tokens,
    identity: (customer) => system.identity(customer, "checkout"),
    ...(options.shoppersTimeoutMs ? { deadline: Date.now() + options.shoppersTimeoutMs } : {}),
    onDone: (n) => {
      done = n;
      if (n % Math.max(1, Math.ceil(options.orders / 10)) === 0) {
        say(`  … ${n}/${options.orders} orders (${(n / ((performance.now() - t0) / 1000)).toFixed(0)}/s)`);
      }
      wake();
    },
  });
  const shoppersDone = performance.now();
  finished = true;
  wake();
  await faultRun;
  const settle = await quiesce(system, options.settleTimeoutMs ?? 180_000);
  // the orders' last final state (the end of the saga, not of the compensations)
  const ids = attempts.map((a) => a.customer);
  const [last] = await system.sql.checkout<{ at: Date | null }[]>`
    select max(updated_at) as at from orders where customer_id in ${system.sql.checkout(ids)}`;
  const wallStart = Date.now() - (performance.now() - t0);
  const seconds = Math.max(
    (shoppersDone - t0) / 1000,
    last?.at ? (new Date(last.at).getTime() - wallStart) / 1000 : 0,
  );
  const orders = await reconcileOrders(system, attempts);
  const stock = await reconcileStock(system, stage.initial, stage.restocks);
  const after = await busFigures(system);
  return {
    name: scenario.name,
    title: scenario.title,
    attempts: attempts.length,
    orders,
    stock,
    seconds,
    ordersPerSecond: orders.orders / Math.max(seconds, 0.001),
    settleSeconds: settle.ms / 1000,
    settled: settle.settled,
    busy: settle.busy,
    redelivered: after.redelivered - before.redelivered,
    deadLetters: after.deadLetters - before.deadLetters,
    shopperRetries: attempts.reduce((s, a) => s + a.retries, 0),
    notes,
  };
}
