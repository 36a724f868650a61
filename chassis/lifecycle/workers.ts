/**
 * Worker processes sharing one port: a supervisor starts N copies of the running script, each
 * binding the same port with `reusePort` (SO_REUSEPORT: the Linux kernel spreads new
 * connections across them), restarts a worker that dies, and on SIGTERM/SIGINT passes the
 * signal on so every worker drains, then exits once all have.
 *
 * @example
 * const count = workerCount(process.env.COMPOSER_WORKERS, "COMPOSER_WORKERS");
 * if (count > 1 && !isWorker()) await superviseWorkers({ count, port, hostname, log });
 * else serve({ fetch, port, hostname, reusePort: count > 1 });
 */
import { availableParallelism } from "node:os";
import type { Subprocess } from "bun";
import type { Logger } from "pino";
import { ConfigError } from "../config/index.ts";

/** Set in a worker's environment: its number (1…N). */
export const WORKER_ENV = "TESSERA_WORKER";

/** The number of workers `raw` asks for: a whole number ≥ 1, or `auto` (the available cores). */
export function workerCount(raw: string | undefined, variable: string): number {
  if (raw === undefined || raw === "") return 1;
  if (raw === "auto") return availableParallelism();
  const count = Number(raw);
  if (!Number.isInteger(count) || count < 1 || count > 256)
    throw new ConfigError([{ variable, value: raw, expected: 'a whole number from 1 to 256, or "auto"' }]);
  return count;
}

/** True in a process started by {@link superviseWorkers}. */
export function isWorker(): boolean {
  return Boolean(process.env[WORKER_ENV]);
}

export interface SuperviseOptions {
  count: number;
  /** The port every worker binds (0 picks a free one first, so that all share it). */
  port: number;
  hostname: string;
  log: Logger;
  /** The port's environment variable in the workers (default `PORT`). */
  portVariable?: string;
  /** The command of a worker (default: this same script under this same runtime). */
  command?: string[];
  /** How long SIGTERM waits for the workers before killing them (default 10 s). */
  timeoutMs?: number;
}

export interface Supervisor {
  port: number;
  /** The pids of the workers running now. */
  pids(): number[];
  /** Sends SIGTERM to every worker and resolves once all have exited. */
  stop(): Promise<void>;
}

/** A free TCP port on `hostname` (bound, read, released). */
export function freePort(hostname: string): number {
  const probe = Bun.listen({ hostname, port: 0, socket: { data() {} } });
  const { port } = probe;
  probe.stop(true);
  return port;
}

/**
 * Starts `count` workers and keeps them running: one that exits while the supervisor is not
 * stopping is restarted (after 1 s when it died within 5 s of starting, to avoid a hot loop).
 */
export function superviseWorkers(options: SuperviseOptions): Supervisor {
  const port = options.port || freePort(options.hostname);
  const command = options.command ?? [process.execPath, ...process.argv.slice(1)];
  const workers = new Map<number, Subprocess>();
  let stopping = false;

  function start(id: number): void {
    const startedAt = Date.now();
    const child = Bun.spawn(command, {
      env: { ...process.env, [WORKER_ENV]: String(id), [options.portVariable ?? "PORT"]: String(port) },
      stdio: ["ignore", "inherit", "inherit"],
      onExit(_process, code, signal) {
        workers.delete(id);
        if (stopping) return;
        options.log.error({ worker: id, code, signal }, "worker exited; restarting it");
        const delay = Date.now() - startedAt < 5000 ? 1000 : 0;
        setTimeout(() => {
          if (!stopping) start(id);
        }, delay);
      },
    });
    workers.set(id, child);
  }

  for (let id = 1; id <= options.count; id++) start(id);
  // Workers do not outlive a supervisor that exits (a SIGKILL of the supervisor aside).
  process.once("exit", () => {
    for (const worker of workers.values()) worker.kill("SIGTERM");
  });
  options.log.info({ workers: options.count, port }, "workers started");

  return {
    port,
    pids: () => [...workers.values()].map((w) => w.pid),
    async stop() {
      if (stopping && workers.size === 0) return;
      stopping = true;
      const running = [...workers.values()];
      for (const worker of running) worker.kill("SIGTERM");
      const deadline = setTimeout(() => {
        for (const worker of running) worker.kill("SIGKILL");
      }, options.timeoutMs ?? 10_000);
      await Promise.all(running.map((w) => w.exited));
      clearTimeout(deadline);
      workers.clear();
    },
  };
}
