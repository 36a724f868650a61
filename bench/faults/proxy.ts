/**
 * A small TCP fault proxy: listens on a port of 127.0.0.1 and forwards every connection to a
 * target, and on request drops every open connection, delays every chunk, or stops accepting
 * (new connections are closed at once) — put between the services and PostgreSQL or NATS.
 *
 * Built on Bun's own sockets (`Bun.listen`, `Bun.connect`), not `node:net`: every statement and
 * every message of the system under test crosses it twice, and the `node:net` version cost the
 * harness ~2.4 ms of CPU per order (`profile.ts` with and without `FAULTS_NO_PROXY`), more than
 * most of the services. A chunk is written through at once when nothing waits before it; what
 * the kernel does not take waits, in order, for the socket's `drain`, and the sending side is
 * paused meanwhile (backpressure).
 *
 * @example
 * const proxy = await startProxy({ targetPort: 5432 });
 * proxy.dropAll();          // every open connection is reset (both sides)
 * proxy.setLatency(50);     // each chunk waits 50 ms, both directions, order kept
 * proxy.setAccepting(false); // new connections are closed at once (the target looks down)
 * await proxy.close();
 */
import type { Socket } from "bun";

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

/** One direction of a connection: the chunks waiting to be written to `to`, in arrival order. */
interface Direction {
  /** Where the chunks go (undefined until the upstream connection is open). */
  to: Socket<Pair> | undefined;
  /** Where they come from: paused while `to` does not keep up. */
  from: Socket<Pair> | undefined;
  /** Each chunk (a copy: the socket's buffer is not ours to keep) with the time it may leave. */
  queue: { chunk: Uint8Array; at: number }[];
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** A proxied connection: the client's socket, the target's, and both directions. */
interface Pair {
  client: Socket<Pair>;
  upstream: Socket<Pair> | undefined;
  up: Direction;
  down: Direction;
  ended: boolean;
}

export async function startProxy(options: ProxyOptions): Promise<FaultProxy> {
  const host = options.targetHost ?? "127.0.0.1";
  const pairs = new Set<Pair>();
  let latencyMs = 0;
  let accepting = true;
  let dropped = 0;

  /** Writes what may leave now, in order; stops at a chunk that must wait or that the kernel did not take. */
  function pump(d: Direction): void {
    d.timer = undefined;
    const to = d.to;
    if (!to) return; // the upstream connection is not open yet: its `open` pumps
    while (d.queue.length > 0) {
      const head = d.queue[0] as { chunk: Uint8Array; at: number };
      const wait = head.at - Date.now();
      if (wait > 0) {
        d.timer = setTimeout(() => pump(d), wait);
        return;
      }
      const written = to.write(head.chunk);
      if (written < 0) {
        d.queue.length = 0; // closed: its pair is ending
        return;
      }
      if (written < head.chunk.length) {
        head.chunk = head.chunk.subarray(written);
        d.from?.pause(); // until `to` drains
        return;
      }
      d.queue.shift();
    }
    d.from?.resume();
  }

  /** Forwards a chunk in direction `d`: straight through when nothing waits before it. */
  function forward(d: Direction, chunk: Uint8Array): void {
    if (d.queue.length === 0 && latencyMs === 0 && d.to) {
      const written = d.to.write(chunk);
      if (written < 0 || written === chunk.length) return;
      d.queue.push({ chunk: new Uint8Array(chunk.subarray(written)), at: 0 });
      d.from?.pause();
      return;
    }
    d.queue.push({ chunk: new Uint8Array(chunk), at: Date.now() + latencyMs });
    if (d.timer === undefined && d.queue.length === 1) pump(d);
  }

  /**
   * One side closed or failed: the other is closed at once, as the first proxy on `node:net` did
   * (`destroy`), as the kernel does for a killed process's socket. With a graceful `end` one run
   * of `faults-consumer-dies` saw payments' messages stuck unacknowledged for 150 s after the
   * kill — consistent with a backend of the killed process left alive (its side paused for
   * backpressure) holding its transaction's locks; not proved, and not seen again.
   */
  function end(pair: Pair): void {
    if (pair.ended) return;
    pair.ended = true;
    pairs.delete(pair);
    clearTimeout(pair.up.timer);
    clearTimeout(pair.down.timer);
    pair.client.terminate();
    pair.upstream?.terminate();
  }

  const direction = (from: Socket<Pair> | undefined): Direction => ({
    to: undefined,
    from,
    queue: [],
    timer: undefined,
  });

  const server = Bun.listen<Pair>({
    hostname: "127.0.0.1",
    port: options.port ?? 0,
    socket: {
      open(client) {
        if (!accepting) {
          dropped++;
          client.terminate();
          return;
        }
        client.setNoDelay(true);
        const pair: Pair = {
          client,
          upstream: undefined,
          up: direction(client),
          down: direction(undefined),
          ended: false,
        };
        pair.down.to = client;
        client.data = pair;
        pairs.add(pair);
        Bun.connect<Pair>({
          hostname: host,
          port: options.targetPort,
          data: pair,
          socket: {
            open(upstream) {
              if (pair.ended) {
                upstream.terminate();
                return;
              }
              upstream.setNoDelay(true);
              pair.upstream = upstream;
              pair.up.to = upstream;
              pair.down.from = upstream;
              pump(pair.up);
            },
            data: (_upstream, chunk) => forward(pair.down, chunk),
            drain: () => pump(pair.up),
            close: () => end(pair),
            error: () => end(pair),
            connectError: () => end(pair),
          },
        }).catch(() => end(pair));
      },
      data: (client, chunk) => client.data && forward(client.data.up, chunk),
      drain: (client) => client.data && pump(client.data.down),
      close: (client) => client.data && end(client.data),
      error: (client) => client.data && end(client.data),
    },
  });

  const dropAll = () => {
    const n = pairs.size;
    for (const pair of pairs) {
      pair.ended = true;
      clearTimeout(pair.up.timer);
      clearTimeout(pair.down.timer);
      pair.client.terminate();
      pair.upstream?.terminate();
    }
    pairs.clear();
    dropped += n;
    return n;
  };
  return {
    port: server.port,
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
      server.stop(true);
    },
  };
}
