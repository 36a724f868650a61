/**
 * Load generators: wrk (closed loop, throughput and latency), and a small keep-alive HTTP/1.1
 * client on Bun sockets for what wrk cannot give — time to first byte per request (closed
 * loop, a fixed number of connections) and latency at a fixed arrival rate (open loop: each
 * request is timed from when it was due, so a stalled server is not hidden by the client
 * waiting for it).
 */
import type { Socket, Subprocess } from "bun";

// ---------------------------------------------------------------- wrk

export interface WrkResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  /** Non-2xx answers plus socket errors. */
  errors: number;
}

const running = new Set<Subprocess>();

/** Kills any wrk still running (the orchestrator's cleanup on failure or Ctrl-C). */
export function stopWrk(): void {
  for (const proc of running) proc.kill("SIGKILL");
}

function millis(value: string, unit: string): number {
  const n = Number(value);
  return unit === "us" ? n / 1000 : unit === "s" ? n * 1000 : n;
}

/** Runs `wrk -t1 -c<connections> -d<seconds>s --latency` against `url`. */
export async function wrk(url: string, seconds: number, connections = 50): Promise<WrkResult> {
  const proc = Bun.spawn(
    ["wrk", "-t1", `-c${connections}`, `-d${seconds}s`, "--latency", "--timeout", "10s", url],
    { stdout: "pipe", stderr: "pipe" },
  );
  running.add(proc);
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]).finally(() => running.delete(proc));
  if (code !== 0) throw new Error(`wrk ${url} exited with ${code}: ${err || out}`);
  const percentile = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)\\s*$`, "m").exec(out);
    if (!m) throw new Error(`wrk output has no ${p}% line:\n${out}`);
    return millis(m[1] as string, m[2] as string);
  };
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  return {
    requests: Number(/(\d+) requests in/.exec(out)?.[1] ?? 0),
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
    p50: percentile("50"),
    p99: percentile("99"),
    errors: non2xx + (socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0),
  };
}

// ---------------------------------------------------------------- a keep-alive HTTP/1.1 client

export interface Timing {
  status: number;
  /** From the request being due (open loop) or sent (closed loop) to its first response byte. */
  ttfb: number;
  /** … to its last byte. */
  total: number;
  /** False when `validate` refused the body. */
  valid: boolean;
}

type Validate = (body: Buffer) => boolean;

interface Pending {
  since: number;
  resolve: (timing: Timing) => void;
  reject: (error: Error) => void;
}

const CRLF = Buffer.from("\r\n");
const HEAD_END = Buffer.from("\r\n\r\n");

/** One keep-alive connection; one request at a time; parses Content-Length and chunked bodies. */
class Connection {
  private socket?: Socket<undefined>;
  private buf: Buffer = Buffer.alloc(0);
  private pending?: Pending;
  private first = 0;
  private state: "head" | "length" | "size" | "data" | "trailer" = "head";
  private remaining = 0;
  private status = 0;
  private body: Buffer[] = [];
  private closed = false;

  private constructor(
    private readonly host: string,
    private readonly validate?: Validate,
  ) {}

  static async open(host: string, port: number, validate?: Validate): Promise<Connection> {
    const connection = new Connection(host, validate);
    connection.socket = await Bun.connect({
      hostname: host,
      port,
      socket: {
        data: (_socket, chunk) => connection.onData(chunk),
        close: () => connection.onClose(),
        error: (_socket, error) => connection.fail(error),
      },
    });
    return connection;
  }

  get usable(): boolean {
    return !this.closed;
  }

  request(path: string, since = performance.now()): Promise<Timing> {
    if (this.pending) throw new Error("Connection.request: a request is already in flight");
    return new Promise((resolve, reject) => {
      this.pending = { since, resolve, reject };
      this.first = 0;
      this.state = "head";
      this.body = [];
      this.socket?.write(`GET ${path} HTTP/1.1\r\nHost: ${this.host}\r\nAccept: text/html\r\n\r\n`);
    });
  }

  close(): void {
    this.closed = true;
    this.socket?.end();
  }

  private onClose(): void {
    this.closed = true;
    this.fail(new Error("connection closed by the server"));
  }

  private fail(error: Error): void {
    this.closed = true;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
  }

  private onData(chunk: Buffer): void {
    if (!this.pending) return;
    if (this.first === 0) this.first = performance.now();
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    try {
      this.parse();
    } catch (error) {
      this.fail(error as Error);
      this.socket?.end();
    }
  }

  private take(n: number): Buffer {
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  private parse(): void {
    for (;;) {
      if (this.state === "head") {
        const end = this.buf.indexOf(HEAD_END);
        if (end < 0) return;
        const head = this.take(end + 4).toString("latin1");
        this.status = Number(head.slice(9, 12));
        const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
        if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) this.state = "size";
        else if (length) {
          this.state = "length";
          this.remaining = Number(length[1]);
        } else throw new Error(`a response without a length: ${head.split("\r\n")[0]}`);
      } else if (this.state === "length") {
        if (this.buf.length < this.remaining) return;
        this.body.push(this.take(this.remaining));
        this.done();
        return;
      } else if (this.state === "size") {
        const end = this.buf.indexOf(CRLF);
        if (end < 0) return;
        this.remaining = Number.parseInt(this.take(end + 2).toString("latin1"), 16);
        this.state = this.remaining === 0 ? "trailer" : "data";
      } else if (this.state === "data") {
        if (this.buf.length < this.remaining + 2) return;
        this.body.push(this.take(this.remaining));
        this.take(2);
        this.state = "size";
      } else {
        const end = this.buf.indexOf(CRLF);
        if (end < 0) return;
        const line = this.take(end + 2);
        if (line.length === 2) {
          this.done();
          return;
        }
      }
    }
  }

  private done(): void {
    const now = performance.now();
    const pending = this.pending as Pending;
    this.pending = undefined;
    this.state = "head";
    const valid = this.status === 200 && (!this.validate || this.validate(Buffer.concat(this.body)));
    pending.resolve({
      status: this.status,
      ttfb: this.first - pending.since,
      total: now - pending.since,
      valid,
    });
  }
}

// ---------------------------------------------------------------- closed loop: time to first byte

export interface ClosedLoopResult {
  timings: Timing[];
  seconds: number;
  errors: number;
}

/** `connections` connections, each sending `perConnection` requests one after the other. */
export async function closedLoop(
  base: string,
  path: string,
  options: { connections: number; perConnection: number; validate?: Validate },
): Promise<ClosedLoopResult> {
  const { hostname, port } = new URL(base);
  const timings: Timing[] = [];
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      let connection: Connection | undefined;
      try {
        connection = await Connection.open(hostname, Number(port), options.validate);
        for (let i = 0; i < options.perConnection; i++) timings.push(await connection.request(path));
      } catch {
        errors++;
      } finally {
        connection?.close();
      }
    }),
  );
  return { timings, seconds: (performance.now() - started) / 1000, errors };
}

// ---------------------------------------------------------------- open loop: a fixed arrival rate

export interface OpenLoopResult {
  timings: Timing[];
  /** Requests that failed or were still unanswered at the end. */
  errors: number;
  /** The rate the requests were sent at, after the warm-up. */
  sentPerSecond: number;
  /** The rate answers completed at while sending; below `sentPerSecond`, the server fell behind. */
  donePerSecond: number;
}

/**
 * Sends requests for `path` at `rate` per second for `seconds`, over a pool of keep-alive
 * connections (a new one when none is idle, up to `maxConnections`; beyond that requests
 * queue, still timed from when they were due). The first `warmupSeconds` are not recorded.
 */
export async function openLoop(
  base: string,
  path: string,
  options: {
    rate: number;
    seconds: number;
    warmupSeconds: number;
    maxConnections?: number;
    validate?: Validate;
  },
): Promise<OpenLoopResult> {
  const { hostname, port } = new URL(base);
  const max = options.maxConnections ?? 512;
  const idle: Connection[] = [];
  const all = new Set<Connection>();
  const queue: number[] = [];
  const timings: Timing[] = [];
  const inFlight = new Set<Promise<void>>();
  let open = 0;
  let errors = 0;
  let sent = 0;
  let doneWhileSending = 0;
  let sending = true;
  const start = performance.now();
  const recordFrom = start + options.warmupSeconds * 1000;

  const run = (connection: Connection, due: number): void => {
    const job = connection
      .request(path, due)
      .then((timing) => {
        if (due >= recordFrom) {
          timings.push(timing);
          if (sending) doneWhileSending++;
        }
        idle.push(connection);
      })
      .catch(() => {
        if (due >= recordFrom) errors++;
        open--;
      })
      .finally(() => {
        inFlight.delete(job);
        pump();
      });
    inFlight.add(job);
  };

  const pump = (): void => {
    while (queue.length > 0) {
      const connection = idle.pop();
      if (connection?.usable) run(connection, queue.shift() as number);
      else if (connection) open--;
      else if (open < max) {
        open++;
        const due = queue.shift() as number;
        const opening = Connection.open(hostname, Number(port), options.validate).then(
          (c) => {
            all.add(c);
            run(c, due);
          },
          () => {
            open--;
            if (due >= recordFrom) errors++;
          },
        );
        inFlight.add(opening);
        opening.finally(() => inFlight.delete(opening));
      } else return;
    }
  };

  const interval = 1000 / options.rate;
  const total = Math.round(options.rate * options.seconds);
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) queue.push(start + sent++ * interval);
      pump();
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  const sendingEnded = performance.now();
  sending = false;
  const deadline = Bun.sleep(3_000).then(() => "late" as const);
  while (inFlight.size > 0 || queue.length > 0) {
    if ((await Promise.race([Promise.race(inFlight), deadline])) === "late") break;
  }
  errors += queue.length + inFlight.size;
  for (const connection of all) connection.close();
  return {
    timings,
    errors,
    sentPerSecond: (total - options.rate * options.warmupSeconds) / ((sendingEnded - recordFrom) / 1000),
    donePerSecond: doneWhileSending / ((sendingEnded - recordFrom) / 1000),
  };
}

// ---------------------------------------------------------------- percentiles

/** The nearest-rank percentile `q` (0–1) of `values`; NaN when empty. */
export function percentile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}
