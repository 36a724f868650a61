import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FaultProxy, startProxy } from "./proxy.ts";

/** An echo server: what a connection sends comes back, in order (held while the socket is full). */
type EchoSocket = Bun.Socket<{ pending: Uint8Array[] }>;
let echo: Bun.TCPSocketListener<{ pending: Uint8Array[] }>;
let proxy: FaultProxy;

beforeAll(async () => {
  echo = Bun.listen<{ pending: Uint8Array[] }>({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      open(socket) {
        socket.data = { pending: [] };
      },
      data(socket, chunk) {
        socket.data.pending.push(new Uint8Array(chunk));
        flush(socket);
      },
      drain: (socket) => flush(socket),
    },
  });
  proxy = await startProxy({ targetPort: echo.port });
});
afterAll(async () => {
  await proxy.close();
  echo.stop(true);
});

function flush(socket: EchoSocket) {
  const { pending } = socket.data;
  while (pending.length > 0) {
    const head = pending[0] as Uint8Array;
    const n = socket.write(head);
    if (n < head.length) {
      pending[0] = head.subarray(Math.max(0, n));
      return;
    }
    pending.shift();
  }
}

/** Connects through the proxy; resolves what came back once `expected` bytes did (or the close). */
async function roundTrip(payloads: Uint8Array[], expected: number) {
  const received: Uint8Array[] = [];
  let size = 0;
  const { promise, resolve } = Promise.withResolvers<{ bytes: Uint8Array; closed: boolean }>();
  const done = (closed: boolean) => resolve({ bytes: Buffer.concat(received), closed });
  const socket = await Bun.connect({
    hostname: "127.0.0.1",
    port: proxy.port,
    socket: {
      data(_s, chunk) {
        received.push(new Uint8Array(chunk));
        size += chunk.length;
        if (size >= expected) done(false);
      },
      close: () => done(true),
      error: () => done(true),
    },
  });
  const queue = [...payloads];
  const send = () => {
    while (queue.length > 0) {
      const head = queue[0] as Uint8Array;
      const n = socket.write(head);
      if (n < head.length) {
        queue[0] = head.subarray(Math.max(0, n));
        return;
      }
      queue.shift();
    }
  };
  const timer = setInterval(send, 1);
  send();
  const outcome = await promise;
  clearInterval(timer);
  socket.end();
  return outcome;
}

describe("the fault proxy", () => {
  test("a large transfer - comes back whole and in order (backpressure, partial writes)", async () => {
    const chunks = Array.from({ length: 64 }, (_, i) => new Uint8Array(128 * 1024).fill(i));
    const { bytes } = await roundTrip(chunks, 64 * 128 * 1024);
    expect(bytes.length).toBe(64 * 128 * 1024);
    expect(Buffer.compare(bytes, Buffer.concat(chunks))).toBe(0);
  });

  test("latency - every chunk waits at least that long, order kept", async () => {
    proxy.setLatency(60);
    const started = Date.now();
    const { bytes } = await roundTrip([Buffer.from("one,"), Buffer.from("two")], 7);
    proxy.setLatency(0);
    expect(Buffer.from(bytes).toString()).toBe("one,two");
    expect(Date.now() - started).toBeGreaterThanOrEqual(110); // both directions
  });

  test("not accepting - a new connection is closed at once and counted as dropped", async () => {
    const before = proxy.dropped;
    proxy.setAccepting(false);
    const { closed, bytes } = await roundTrip([Buffer.from("hello")], 5);
    proxy.setAccepting(true);
    expect(closed).toBe(true);
    expect(bytes.length).toBe(0);
    expect(proxy.dropped).toBe(before + 1);
  });

  test("dropAll - resets every open connection on both sides", async () => {
    const closed = Promise.withResolvers<void>();
    const socket = await Bun.connect({
      hostname: "127.0.0.1",
      port: proxy.port,
      socket: { data() {}, close: () => closed.resolve(), error: () => closed.resolve() },
    });
    socket.write("ping");
    for (let i = 0; i < 50 && proxy.open === 0; i++) await Bun.sleep(10);
    expect(proxy.open).toBe(1);
    expect(proxy.dropAll()).toBe(1);
    await closed.promise;
    expect(proxy.open).toBe(0);
  });
});
