/**
 * Where an order's time goes: `bun bench/faults/profile.ts [--orders=300] [--concurrency=64]`.
 * Starts the same system as the fault suite, places orders without faults, and prints the
 * latency of each shopper call (cart/add, place-order: median and p95), the orders per second,
 * and the CPU seconds each process used meanwhile (services, PostgreSQL, NATS, this harness).
 */
import { readFileSync } from "node:fs";
import { prepareStage } from "./scenarios.ts";
import { startFaultSystem } from "./system.ts";
import { placeOrders } from "./workload.ts";

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k ?? "", v ?? "true"] as const;
  }),
);
const orders = Number(args.get("orders") ?? 300);
const concurrency = Number(args.get("concurrency") ?? 256);
const say = (line: string) => process.stderr.write(`${line}\n`);

/** CPU seconds (user + system) of a process, from /proc. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
/** CPU seconds of every process whose command line contains `needle`. */
function cpuOf(needle: string): number {
  const out = Bun.spawnSync(["pgrep", "-f", needle]).stdout.toString().trim();
  return out ? out.split("\n").reduce((s, pid) => s + cpuSeconds(Number(pid)), 0) : 0;
}

const runId = `p${Date.now().toString(36)}`;
const system = await startFaultSystem({
  runId,
  databaseUrl: process.env.DATABASE_URL,
  env: { PAYMENT_TIMEOUT_MS: "3000", STOCK_TIMEOUT_MS: "10000", PLACE_ORDER_WAIT_MS: "12000" },
  say,
});
try {
  const stage = await prepareStage(system);
  const timings: Record<string, number[]> = {};
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    const key = /\/checkout\/(cart\/add|place-order)|\/api\/orders/.exec(url)?.[0] ?? "other";
    const t0 = performance.now();
    try {
      return await realFetch(input, init);
    } finally {
      const list = timings[key] ?? [];
      timings[key] = list;
      list.push(performance.now() - t0);
    }
  }) as typeof fetch;
  const dbStats = async () => {
    await Bun.sleep(1500); // backends report their counters when idle, at most once a second
    const rows = await system.sql.checkout<{ datname: string; xacts: number; tuples: number }[]>`
      select datname, (xact_commit + xact_rollback)::int as xacts,
             (tup_returned + tup_inserted + tup_updated + tup_deleted)::int as tuples
      from pg_stat_database where datname like ${`${runId}_%`}`;
    return new Map(rows.map((r) => [r.datname.slice(runId.length + 1), r]));
  };
  const statsBefore = await dbStats();
  const pids = Object.fromEntries(
    ["catalog", "inventory", "checkout", "payments"].map((s) => [s, system.process(s as "checkout").pid]),
  );
  const before = {
    ...Object.fromEntries(Object.entries(pids).map(([s, pid]) => [s, cpuSeconds(pid)])),
    postgres: cpuOf("postgres:"),
    "pg (run)": cpuOf(`postgres: .* ${runId}_`),
    nats: cpuOf(system.nats.configFile),
    harness: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6,
  };
  const t0 = performance.now();
  const attempts = await placeOrders({
    checkoutUrl: () => system.url("checkout"),
    scenario: "profile",
    orders,
    concurrency,
    skus: stage.skus,
    tokens: { tok_visa_success: 1 },
    identity: (customer) => system.identity(customer, "checkout"),
  });
  const seconds = (performance.now() - t0) / 1000;
  globalThis.fetch = realFetch;
  const after = {
    ...Object.fromEntries(Object.entries(pids).map(([s, pid]) => [s, cpuSeconds(pid)])),
    postgres: cpuOf("postgres:"),
    "pg (run)": cpuOf(`postgres: .* ${runId}_`),
    nats: cpuOf(system.nats.configFile),
    harness: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6,
  };
  const statsAfter = await dbStats();
  const pct = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] ?? 0;
  console.log(
    `${orders} orders, ${concurrency} shoppers: ${seconds.toFixed(1)} s, ${(orders / seconds).toFixed(0)} orders/s`,
  );
  const outcomes = new Map<string, number>();
  for (const a of attempts) {
    const key = a.refused ? `refused ${a.refused}` : a.error ? "error" : (a.state ?? "no answer");
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  }
  console.log(`  shoppers: ${[...outcomes].map(([k, n]) => `${n} ${k}`).join(", ")}`);
  for (const [key, xs] of Object.entries(timings)) {
    console.log(
      `  ${key.padEnd(22)} n=${xs.length} median ${pct(xs, 0.5).toFixed(0)} ms, p95 ${pct(xs, 0.95).toFixed(0)} ms`,
    );
  }
  // the saga's hops, from the services' own timestamps
  const placed = await system.sql.checkout<{ id: string; placed: Date; final: Date }[]>`
    select id, placed_at as placed, updated_at as final from orders where state <> 'pending'`;
  const reserved = new Map(
    (
      await system.sql.inventory<
        { id: string; at: Date }[]
      >`select order_id as id, created_at as at from reservations`
    ).map((r) => [r.id, r.at.getTime()]),
  );
  const paid = new Map(
    (
      await system.sql.payments<
        { id: string; at: Date }[]
      >`select order_id as id, created_at as at from payments`
    ).map((r) => [r.id, r.at.getTime()]),
  );
  const hops: Record<string, number[]> = {
    "placed → reserved": [],
    "reserved → paid": [],
    "paid → final": [],
  };
  for (const o of placed) {
    const r = reserved.get(o.id);
    const p = paid.get(o.id);
    if (r === undefined || p === undefined) continue;
    hops["placed → reserved"]?.push(r - o.placed.getTime());
    hops["reserved → paid"]?.push(p - r);
    hops["paid → final"]?.push(o.final.getTime() - p);
  }
  for (const [key, xs] of Object.entries(hops)) {
    console.log(
      `  ${key.padEnd(22)} n=${xs.length} median ${pct(xs, 0.5).toFixed(0)} ms, p95 ${pct(xs, 0.95).toFixed(0)} ms`,
    );
  }
  console.log("  transactions per order (commits + rollbacks, incl. single statements), by database:");
  for (const [name, after] of statsAfter) {
    const xacts = after.xacts - (statsBefore.get(name)?.xacts ?? 0);
    console.log(`    ${name.padEnd(10)} ${(xacts / orders).toFixed(1)}`);
  }
  console.log("  CPU seconds used (of the run's wall time × cores):");
  let total = 0;
  for (const key of Object.keys(after)) {
    const used =
      ((after as Record<string, number>)[key] ?? 0) - ((before as Record<string, number>)[key] ?? 0);
    if (key !== "postgres") total += used; // "pg (run)" is this run's share of it
    console.log(
      `    ${key.padEnd(10)} ${used.toFixed(1)} s (${((used / seconds) * 100).toFixed(0)}% of one core, ${((used * 1000) / orders).toFixed(1)} ms an order)`,
    );
  }
  console.log(
    `    ${"all".padEnd(10)} ${total.toFixed(1)} s, ${((total * 1000) / orders).toFixed(1)} ms an order`,
  );
} finally {
  await system.close();
}
