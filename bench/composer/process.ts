/**
 * Child processes for the benchmark: free ports, starting a process with its output kept in a
 * log file (quoted when it fails), readiness polling, and stopping it by its own pid.
 */
import { closeSync, openSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";

/** A free TCP port on 127.0.0.1 (the OS picks it; it is released before being returned). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Child {
  name: string;
  pid: number;
  /** The last lines of the process's output, for error messages. */
  tail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<Child>();

/** Starts `cmd` with its stdout and stderr appended to `logFile`. */
export function spawnChild(
  name: string,
  cmd: string[],
  options: { env?: Record<string, string>; logFile: string; cwd?: string },
): Child {
  const fd = openSync(options.logFile, "a");
  const proc = Bun.spawn(cmd, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdout: fd,
    stderr: fd,
    stdin: "ignore",
  });
  closeSync(fd);
  const child: Child = {
    name,
    pid: proc.pid,
    tail() {
      try {
        return readFileSync(options.logFile, "utf8").split("\n").slice(-15).join("\n");
      } catch {
        return "(no output)";
      }
    },
    async stop(graceMs = 3000) {
      running.delete(child);
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill("SIGTERM");
      const timer = setTimeout(() => proc.kill("SIGKILL"), graceMs);
      await proc.exited;
      clearTimeout(timer);
    },
  };
  running.add(child);
  proc.exited.then((code) => {
    if (running.has(child) && code !== 0)
      process.stderr.write(`\n${name} exited with ${code}:\n${child.tail()}\n`);
  });
  return child;
}

/** Stops every child still running (the orchestrator's last resort on failure or Ctrl-C). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => child.stop(1000)));
}

/**
 * Polls `check` until it resolves truthy; throws after `timeoutMs` with the last error and the
 * child's output.
 */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs?: number; child?: Child } = {},
): Promise<void> {
  const deadline = performance.now() + (options.timeoutMs ?? 20_000);
  let last: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    if (performance.now() > deadline) {
      const reason = last instanceof Error ? last.message : String(last ?? "not ready");
      const output = options.child ? `\n--- ${options.child.name} output ---\n${options.child.tail()}` : "";
      throw new Error(`${what}: not ready after ${options.timeoutMs ?? 20_000} ms (${reason})${output}`);
    }
    await Bun.sleep(50);
  }
}

function cpuTicks(): { busy: number; total: number } {
  const fields = (readFileSync("/proc/stat", "utf8").split("\n")[0] as string)
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = fields.reduce((sum, n) => sum + n, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** The share of all cores busy over the next `ms` (0–1), from /proc/stat. */
export async function cpuBusy(ms = 1000): Promise<number> {
  const a = cpuTicks();
  await Bun.sleep(ms);
  const b = cpuTicks();
  return b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : 0;
}

/**
 * Waits (up to `maxMs`) until the machine is quiet — other work on the same cores skews every
 * figure — and returns how busy it was when measuring began.
 */
export async function waitForQuiet(threshold = 0.15, maxMs = 20_000, sampleMs = 1000): Promise<number> {
  const deadline = performance.now() + maxMs;
  for (;;) {
    const busy = await cpuBusy(sampleMs);
    if (busy <= threshold || performance.now() > deadline) return busy;
  }
}

/** The pids of `pid`'s descendants (and itself), from /proc/<pid>/task/<tid>/children. */
function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      for (const tid of readdirSync(`/proc/${out[i]}/task`))
        for (const child of readFileSync(`/proc/${out[i]}/task/${tid}/children`, "utf8").trim().split(/\s+/))
          if (child) out.push(Number(child));
    } catch {
      // the process exited meanwhile
    }
  }
  return out;
}

const TICK_MS = 1000 / 100; // USER_HZ: 100 on Linux

/**
 * CPU time (user + system, ms) spent so far by `pid` and its descendants alive now: read before
 * and after a load run, the difference is what the system (every worker process) used for it.
 */
export function treeCpuMs(pid: number): number {
  let ticks = 0;
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    } catch {
      // the process exited meanwhile
    }
  }
  return ticks * TICK_MS;
}
