/**
 * The health check API: `/health/live` says the process answers; `/health/ready` runs every
 * dependency check (database, bus, ...) and reports each, with 503 when any fails or while the
 * service drains before shutdown.
 *
 * @example
 * app.route("/health", healthRoutes({ checks: [{ name: "db", check: () => db.ping() }] }));
 */
import { Hono } from "hono";

export interface HealthCheck {
  name: string;
  check: () => Promise<unknown>;
}

export interface HealthOptions {
  checks: HealthCheck[];
  /** How long one check may take before it counts as down. */
  timeoutMs?: number;
  /** True once shutdown began: readiness fails so load balancers stop sending traffic. */
  isDraining?: () => boolean;
}

export interface CheckReport {
  status: "up" | "down";
  duration_ms: number;
  error?: string;
}

async function runCheck(check: HealthCheck, timeoutMs: number): Promise<CheckReport> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      check.check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: "up", duration_ms: Math.round(performance.now() - started) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: "down", duration_ms: Math.round(performance.now() - started), error: message };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check in parallel and reports each. */
export async function readiness(options: HealthOptions) {
  const entries = await Promise.all(
    options.checks.map(async (c) => [c.name, await runCheck(c, options.timeoutMs ?? 2000)] as const),
  );
  const checks = Object.fromEntries(entries);
  const draining = options.isDraining?.() ?? false;
  const up = !draining && entries.every(([, r]) => r.status === "up");
  return { status: up ? "up" : draining ? "draining" : "down", checks } as const;
}

/** Routes for `/live` and `/ready`, to mount under `/health`. */
export function healthRoutes(options: HealthOptions): Hono {
  return new Hono()
    .get("/live", (c) => c.json({ status: "up" }))
    .get("/ready", async (c) => {
      const report = await readiness(options);
      return c.json(report, report.status === "up" ? 200 : 503);
    });
}
