/**
 * A small TCP fault proxy: listens on a port of 127.0.0.1 and forwards every connection to a
 * target, and on request drops every open connection, delays every chunk, or stops accepting
 * (new connections are closed at once) — put between the services and PostgreSQL or NATS.
 *
 * @example
 * const proxy = await startProxy({ targetPort: 5432 });
 * proxy.dropAll();          // every open connection is reset (both sides)
 * proxy.setLatency(50);     // each chunk waits 50 ms, both directions, order kept
 * proxy.setAccepting(false); // new connections are closed at once (the target looks down)
 * await proxy.close();
 */
import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";

export interface ProxyOptions {
  targetPort: number;
  targetHost?: string;
  /** The port to listen on (a free one). */
  port?: number;
}

export interface FaultProxy {
  port: number;
  /** Connections open now. */
  readonly open: number;
  /** Connections dropped by {@link dropAll} or refused, since the start. */
  readonly dropped: number;
  /** Resets every open connection, on both sides. */
  dropAll(): number;
  /** Delays every chunk by `ms` in both directions (0: none). */
  setLatency(ms: number): void;
  /** false: new connections are closed at once (the open ones are left alone). */
  setAccepting(accepting: boolean): void;
  close(): Promise<void>;
}

export async function startProxy(options: ProxyOptions): Promise<FaultProxy> {
  const host = options.targetHost ?? "127.0.0.1";
  const pairs = new Set<[Socket, Socket]>();
  let latencyMs = 0;
  let accepting = true;
  let dropped = 0;

  /** Forwards `from` to `to`, with the current latency and backpressure. */
  function pipe(from: Socket, to: Socket): void {
    // chunks in arrival order, each with the time it may leave: order is kept when latency changes
    const queue: { chunk: Buffer; at: number }[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const pump = () => {
      timer = undefined;
      while (queue.length > 0) {
        const head = queue[0] as { chunk: Buffer; at: number };
        const wait = head.at - Date.now();
        if (wait > 0) {
          timer = setTimeout(pump, wait);
          return;
        }
        queue.shift();
        if (to.destroyed) continue;
        if (!to.write(head.chunk)) {
          from.pause();
          to.once("drain", () => from.resume());
        }
      }
    };
    from.on("data", (chunk: Buffer) => {
      queue.push({ chunk, at: Date.now() + latencyMs });
      if (timer === undefined) pump();
    });
  }

  const server: Server = createServer((client) => {
    if (!accepting) {
      dropped++;
      client.resetAndDestroy();
      return;
    }
    client.setNoDelay(true);
    const upstream = tcpConnect({ port: options.targetPort, host });
    upstream.setNoDelay(true);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      if (!client.destroyed) client.destroy();
      if (!upstream.destroyed) upstream.destroy();
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (!address || typeof address !== "object") throw new Error("The proxy has no address");

  const dropAll = () => {
    const n = pairs.size;
    for (const [client, upstream] of pairs) {
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    }
    pairs.clear();
    dropped += n;
    return n;
  };
  return {
    port: address.port,
    get open() {
      return pairs.size;
    },
    get dropped() {
      return dropped;
    },
    dropAll,
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    setAccepting(value) {
      accepting = value;
    },
    async close() {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
