/**
 * The fault suite: `bun bench/faults/index.ts [--orders=10000] [--concurrency=256] [--warmup=400] [--only=a,b]`.
 *
 * Runs the distributed mode (catalog, inventory, checkout, payments: one OS process each) against
 * a NATS server of its own and the PostgreSQL server (databases of its own), both behind a TCP
 * fault proxy, and places the orders — split evenly over the scenarios — through checkout's JSON
 * API while, in turn, each fault strikes. After each scenario it waits until nothing moves and
 * reconciles from the services' databases. Prints a table per scenario and, last, one JSON line.
 */
import {
  prepareStage,
  runScenario,
  SCENARIOS,
  type Scenario,
  type ScenarioResult,
  WARM_UP,
} from "./scenarios.ts";
import { type FaultSystem, startFaultSystem } from "./system.ts";

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k ?? "", v ?? "true"] as const;
  }),
);
const total = Number(args.get("orders") ?? 10_000);
const concurrency = Number(args.get("concurrency") ?? 256);
const only = args.get("only")?.split(",");
/**
 * Orders placed without faults before the scenarios, so that the first scenario (the baseline,
 * the throughput figure) meets services whose code is compiled and whose pools are open, as the
 * later ones do; they are reconciled like any scenario's and counted in the totals.
 */
const warmup = Number(args.get("warmup") ?? 400);
const scenarios = SCENARIOS.filter((s) => !only || only.includes(s.name));
if (!Number.isInteger(total) || total < scenarios.length)
  throw new Error(`--orders must be ≥ ${scenarios.length}`);
if (!Number.isInteger(warmup) || warmup < 0)
  throw new Error(`--warmup must be a whole number ≥ 0, not ${warmup}`);
const say = (line: string) => process.stderr.write(`${line}\n`);
const out = (line: string) => process.stdout.write(`${line}\n`);

const runId = `f${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
say(
  `Tessera fault suite — ${total} orders over ${scenarios.length} scenarios, ${concurrency} concurrent shoppers (run ${runId})`,
);
/**
 * The baseline — the throughput figure — runs on a system of its own whose services reach NATS
 * and PostgreSQL directly, as deployed, with every scenario whose fault needs no proxy
 * (payment-timeouts: its fault is in the tokens); the others run on one behind the fault proxies.
 * `--baseline-through-proxies` runs it with the fault scenarios instead (as before 2026-11-26).
 */
const throughProxies = args.get("baseline-through-proxies") === "true";
const per = Math.floor(total / scenarios.length);
const ordersOf = (scenario: Scenario) =>
  scenarios.indexOf(scenario) === scenarios.length - 1 ? total - per * (scenarios.length - 1) : per;
const direct = throughProxies ? [] : scenarios.filter((s) => !s.fault);
const phases = [
  { label: "without proxies (as deployed)", proxies: false, scenarios: direct },
  {
    label: "behind the fault proxies",
    proxies: true,
    scenarios: scenarios.filter((s) => !direct.includes(s)),
  },
].filter((p) => p.scenarios.length > 0);

let current: FaultSystem | undefined;
const stop = async () => {
  await current?.close().catch((error) => say(`clean-up: ${(error as Error).message}`));
  current = undefined;
};
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void stop().then(() => process.exit(130)));
}

const results: ScenarioResult[] = [];
/** Each system's stock drift after its last scenario (reconciliation is cumulative per system). */
const drifts: number[] = [];
try {
  for (const [n, phase] of phases.entries()) {
    say(
      `\n• system ${n + 1} of ${phases.length}, ${phase.label}: ${phase.scenarios.map((s) => s.name).join(", ")}`,
    );
    current = await startFaultSystem({
      runId: `${runId}${n}`,
      databaseUrl: process.env.DATABASE_URL,
      proxies: phase.proxies,
      // faster saga timeouts than production's 10 s, so timed-out payments settle within the run
      env: { PAYMENT_TIMEOUT_MS: "3000", STOCK_TIMEOUT_MS: "10000", PLACE_ORDER_WAIT_MS: "12000" },
      say,
    });
    const stage = await prepareStage(current);
    say(`• stage: skus ${stage.skus.join(", ")} restocked (the first one scarce)`);
    if (warmup > 0 && n === 0) {
      say(
        `\n▶ warm-up: ${warmup} orders without faults (compiled code, open pools; not the throughput figure)`,
      );
      const result = await runScenario(stage, WARM_UP, { orders: warmup, concurrency, say });
      results.push(result);
      printScenario(result);
    }
    for (const scenario of phase.scenarios) {
      const orders = ordersOf(scenario);
      say(`\n▶ ${scenario.name}: ${scenario.title} — ${orders} orders`);
      const result = await runScenario(stage, scenario, { orders, concurrency, say });
      results.push(result);
      printScenario(result);
    }
    drifts.push(results.at(-1)?.stock.drift ?? 0);
    await stop();
  }
} finally {
  await stop();
}

function printScenario(r: ScenarioResult): void {
  const o = r.orders;
  const rows: [string, string | number][] = [
    ["orders (shopper got an id)", `${o.orders} of ${r.attempts}`],
    ["refused / unanswered", `${o.refused} / ${o.unanswered}`],
    ["confirmed / cancelled", `${o.confirmed} / ${o.cancelled} ${JSON.stringify(o.cancelledBy)}`],
    ["not final", o.notFinal],
    ["lost", o.lost],
    ["duplicated", o.duplicated],
    ["double payments", o.doublePayments],
    ["unvoided / confirmed unpaid", `${o.unvoided} / ${o.confirmedUnpaid}`],
    [
      "stock drift (all skus × stores)",
      `${r.stock.drift} (unbalanced ${r.stock.unbalanced}, received ${r.stock.receivedDrift}, sold ${r.stock.soldDrift}, leaked reserved ${r.stock.leakedReserved})`,
    ],
    ["dead letters", r.deadLetters],
    ["messages redelivered (JetStream)", r.redelivered],
    ["shopper retries", r.shopperRetries],
    ["time to final / orders per s", `${r.seconds.toFixed(1)} s / ${r.ordersPerSecond.toFixed(0)}`],
    [
      "settled after",
      `${r.settleSeconds.toFixed(1)} s${r.settled ? "" : ` (NOT settled: ${JSON.stringify(r.busy)})`}`,
    ],
    [
      "fault",
      Object.entries(r.notes)
        .map(([k, v]) => `${k}=${v}`)
        .join(", ") || "—",
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  out(`\n${r.name} — ${r.title}`);
  out(`${"─".repeat(width + 2)}┬${"─".repeat(40)}`);
  for (const [k, v] of rows) out(` ${k.padEnd(width)} │ ${v}`);
}

const sum = (f: (r: ScenarioResult) => number) => results.reduce((s, r) => s + f(r), 0);
const baseline = results.find((r) => r.name === "baseline");
out(
  JSON.stringify({
    orders: sum((r) => r.orders.orders),
    lost: sum((r) => r.orders.lost),
    duplicated: sum((r) => r.orders.duplicated),
    not_final: sum((r) => r.orders.notFinal),
    unsettled_scenarios: results.filter((r) => !r.settled).map((r) => r.name),
    stock_drift: drifts.reduce((a, b) => a + b, 0),
    double_payments: sum((r) => r.orders.doublePayments),
    unvoided: sum((r) => r.orders.unvoided),
    dead_letters: sum((r) => r.deadLetters),
    orders_per_second: baseline ? Math.round(baseline.ordersPerSecond) : null,
    concurrency,
    warmup_orders: warmup,
    baseline_through_proxies: throughProxies,
    scenarios: Object.fromEntries(
      results.map((r) => [
        r.name,
        {
          orders: r.orders.orders,
          refused: r.orders.refused,
          unanswered: r.orders.unanswered,
          confirmed: r.orders.confirmed,
          cancelled: r.orders.cancelled,
          not_final: r.orders.notFinal,
          lost: r.orders.lost,
          duplicated: r.orders.duplicated,
          double_payments: r.orders.doublePayments,
          unvoided: r.orders.unvoided,
          stock_drift: r.stock.drift,
          dead_letters: r.deadLetters,
          redelivered: r.redelivered,
          orders_per_second: Math.round(r.ordersPerSecond),
          seconds: Number(r.seconds.toFixed(1)),
          settle_seconds: Number(r.settleSeconds.toFixed(1)),
          settled: r.settled,
          ...(r.settled ? {} : { still_busy: r.busy }),
          ...r.notes,
        },
      ]),
    ),
  }),
);
