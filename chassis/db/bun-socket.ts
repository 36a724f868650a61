/**
 * A socket for node-postgres (`pg`) on Bun's own TCP sockets (`Bun.connect`) instead of
 * `node:net`. Under Bun, `node:net` wraps the same native socket in Node's stream machinery:
 * every read is pushed through a `Readable`, and each message of a query through a
 * `Writable`'s buffer, callbacks and ticks. Measured with `pg` alone (64 callers, a pool of 10,
 * inside an AsyncLocalStorage store as the services' requests are): 9.9 → 7.6 µs of user CPU a
 * query; the system calls (~8 µs) stay, one `send` a query either way. `pg`
 * needs far less from its stream — what `pg/lib/connection.js`, `client.js` and `pg-pool` call:
 * `connect(port, host)` (or `connect(path)` for a Unix socket), `write(buffer, callback?)`,
 * `cork`/`uncork` around the messages of one query, `end`, `destroy(error?)`, `setNoDelay`,
 * `setKeepAlive`, `ref`/`unref`, `writable`, and the events `connect`, `data`, `error`,
 * `end` and `close`.
 *
 * What it keeps from `net.Socket`, because `pg` relies on it:
 * - bytes are written in order and none is lost: `Bun.Socket.write` hands to the kernel what
 *   fits and returns the count, so the rest waits here and goes out on `drain`; writes made
 *   while connecting wait for `open`;
 * - the messages written between `cork()` and `uncork()` (Parse/Bind/Describe/Execute/Sync of
 *   one query) leave in one `write`, one system call;
 * - `error` (when there is one) and then `close` are emitted once, never synchronously from a
 *   call of `pg`'s (it registers its `end` listener after calling `end()`);
 * - a reset or a server that goes away closes the socket: `pg` rejects the client's queries and
 *   the pool discards it; `destroy()` closes at once, `end()` after what is queued has left.
 *
 * TLS is not handled here: `pg` upgrades a `net.Socket` with `tls.connect({ socket })`, so
 * {@link pgStream} gives a `node:net` socket to connections that ask for TLS.
 */
import { EventEmitter } from "node:events";
import { Socket as NetSocket } from "node:net";
import type { Duplex } from "node:stream";
import type { Socket } from "bun";

type WriteCallback = (error?: Error | null) => void;

/** One handler table for every socket (Bun keeps it per `connect`; the socket's `data` names its owner). */
const handlers = {
  open(socket: Socket<BunPgSocket>) {
    socket.data.opened(socket);
  },
  data(socket: Socket<BunPgSocket>, chunk: Buffer) {
    socket.data.emit("data", chunk);
  },
  drain(socket: Socket<BunPgSocket>) {
    socket.data.drained();
  },
  end(socket: Socket<BunPgSocket>) {
    socket.data.peerEnded = true; // the socket closes next (not half-open): `close` follows
  },
  close(socket: Socket<BunPgSocket>, error?: Error) {
    socket.data.finish(error);
  },
  // a listener of ours threw (pg's parser on a message it cannot read): this connection is done
  error(socket: Socket<BunPgSocket>, error: Error) {
    socket.data.destroy(error);
  },
};

/** The subset of `net.Socket` that `pg` uses, over a `Bun.Socket`. */
export class BunPgSocket extends EventEmitter {
  /** `pg` writes only while this holds (its `_send` checks it). */
  writable = false;
  destroyed = false;
  /** The peer sent FIN (`end` is emitted before `close`). */
  peerEnded = false;

  private socket: Socket<BunPgSocket> | undefined;
  /** Bytes not yet handed to the kernel, in order. */
  private queue: Uint8Array[] = [];
  /** The last `socket.write` took only part: the rest waits for `drain`. */
  private blocked = false;
  private corked = 0;
  /** Callbacks of writes still queued, called once the queue has left (or with an error on close). */
  private callbacks: WriteCallback[] = [];
  /** `end()` was called: FIN once the queue has left. */
  private ending = false;
  private closed = false;
  private noDelay = true;
  private referenced = true;

  connect(portOrPath: number | string, host?: string): this {
    this.writable = true;
    try {
      const options = { data: this, socket: handlers };
      const connecting =
        typeof portOrPath === "string" && host === undefined
          ? Bun.connect({ unix: portOrPath, ...options })
          : Bun.connect({ hostname: host ?? "localhost", port: Number(portOrPath), ...options });
      // a refused or failed connect rejects here; `close` is not called for it
      connecting.then(undefined, (error: Error) => this.finish(error));
    } catch (error) {
      this.finish(error as Error);
    }
    return this;
  }

  /** @internal the `open` handler */
  opened(socket: Socket<BunPgSocket>): void {
    if (this.closed) {
      socket.terminate(); // destroyed (a connect timeout) before it opened
      return;
    }
    this.socket = socket;
    socket.setNoDelay(this.noDelay);
    if (!this.referenced) socket.unref();
    this.emit("connect");
    this.flush();
  }

  write(
    chunk: Uint8Array | string,
    encodingOrCallback?: BufferEncoding | WriteCallback,
    callback?: WriteCallback,
  ) {
    const done = typeof encodingOrCallback === "function" ? encodingOrCallback : callback;
    if (!this.writable) {
      if (done) process.nextTick(done, new Error("This socket has been ended"));
      return false;
    }
    this.queue.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    if (done) this.callbacks.push(done);
    this.flush(); // at once unless corked, connecting or blocked
    return !this.blocked;
  }

  cork(): void {
    this.corked++;
  }

  uncork(): void {
    if (this.corked > 0 && --this.corked === 0) this.flush();
  }

  /** Hands the queue to the kernel as one buffer; what does not fit waits for `drain`. */
  private flush(): void {
    const socket = this.socket;
    if (socket === undefined || this.corked > 0 || this.blocked) return;
    if (this.queue.length > 0) {
      const bytes = this.queue.length === 1 ? (this.queue[0] as Uint8Array) : Buffer.concat(this.queue);
      this.queue = [];
      const written = socket.write(bytes);
      if (written < 0) return; // closed under us: `close` is on its way
      if (written < bytes.length) {
        this.queue.push(bytes.subarray(written));
        this.blocked = true;
        return;
      }
    }
    if (this.callbacks.length > 0) {
      const callbacks = this.callbacks;
      this.callbacks = [];
      for (const done of callbacks) process.nextTick(done);
    }
    if (this.ending) socket.end();
  }

  /** @internal the `drain` handler */
  drained(): void {
    if (!this.blocked) return;
    this.blocked = false;
    this.flush();
    if (!this.blocked && this.queue.length === 0) this.emit("drain");
  }

  /** Closes after what is queued has left (`pg` writes Terminate first). */
  end(): this {
    if (this.closed || this.ending) return this;
    this.ending = true;
    this.writable = false;
    this.flush();
    return this;
  }

  /** Closes now, dropping what is queued; `error` (when given) then `close` follow. */
  destroy(error?: Error): this {
    if (this.closed) return this;
    const socket = this.socket;
    this.finish(error);
    socket?.end(); // its `close` handler finds this socket finished already
    return this;
  }

  /** @internal the one way to `closed`: emits `end` (peer FIN), `error` (if any), then `close`, once. */
  finish(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.destroyed = true;
    this.writable = false;
    this.socket = undefined;
    this.queue = [];
    const callbacks = this.callbacks;
    this.callbacks = [];
    process.nextTick(() => {
      if (this.peerEnded) this.emit("end");
      if (error) this.emit("error", error);
      const unsent = error ?? new Error("The socket closed before the write left");
      for (const done of callbacks) done(unsent);
      this.emit("close", error !== undefined);
    });
  }

  setNoDelay(noDelay = true): this {
    this.noDelay = noDelay;
    this.socket?.setNoDelay(noDelay);
    return this;
  }

  setKeepAlive(enable = false, initialDelayMillis = 0): this {
    this.socket?.setKeepAlive(enable, initialDelayMillis);
    return this;
  }

  ref(): this {
    this.referenced = true;
    this.socket?.ref();
    return this;
  }

  unref(): this {
    this.referenced = false;
    this.socket?.unref();
    return this;
  }
}

/**
 * The `stream` option of a `pg.Pool` or `pg.Client`: called with each connection's settings, it
 * gives a {@link BunPgSocket}, or a `node:net` socket when the connection asks for TLS (`ssl`
 * set, from the URL's `sslmode` or the options), which `pg` upgrades itself.
 */
export function pgStream(config?: { ssl?: unknown }): Duplex {
  // @types/pg types the option as a `Duplex` made without arguments; `pg` passes its settings and
  // calls only what BunPgSocket has
  return config?.ssl ? new NetSocket() : (new BunPgSocket() as unknown as Duplex);
}
