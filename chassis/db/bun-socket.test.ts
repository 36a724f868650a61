/** node-postgres on Bun's own sockets: against the real PostgreSQL (127.0.0.1:5432) and a local TCP server. */
import { afterAll, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { Socket as NetSocket } from "node:net";
import pg from "pg";
import { TEST_DATABASE_URL } from "../../scripts/prerequisites.ts";
import { BunPgSocket, pgStream } from "./bun-socket.ts";
import { connectPostgres } from "./postgres.ts";

const connectionErrors: Error[] = [];
const pool = connectPostgres(TEST_DATABASE_URL, {
  max: 4,
  onConnectionError: (e) => connectionErrors.push(e),
});
afterAll(() => pool.end());

/** The pid of the server process behind `client`. */
async function backendPid(client: pg.PoolClient): Promise<number> {
  return (await client.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]?.pid ?? 0;
}

/** Ends these backends from a connection of its own (outside the pool under test). */
async function terminate(...pids: number[]): Promise<void> {
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query("select pg_terminate_backend(pid) from unnest($1::int[]) as pid", [pids]);
  } finally {
    await admin.end();
  }
}

describe("pg on BunPgSocket, real PostgreSQL", () => {
  test("a pool's connections - run on BunPgSocket; simple and parameterised queries answer", async () => {
    const client = await pool.connect();
    try {
      expect((client as unknown as { connection: { stream: unknown } }).connection.stream).toBeInstanceOf(
        BunPgSocket,
      );
      expect((await client.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
      expect((await client.query("select $1::text || $2::text as s", ["a", "b"])).rows).toEqual([
        { s: "ab" },
      ]);
    } finally {
      client.release();
    }
  });

  test("1,000 concurrent queries on a pool of 4 - each gets its own answer", async () => {
    const answers = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => pool.query<{ v: number }>("select $1::int * 3 as v", [i])),
    );
    expect(answers.map((a) => a.rows[0]?.v)).toEqual(Array.from({ length: 1000 }, (_, i) => i * 3));
  });

  test("a 5 MB text - arrives whole, both ways", async () => {
    const big = "0123456789abcdef".repeat(5 * 65_536); // 5 MiB
    const down = await pool.query<{ s: string }>("select repeat('0123456789abcdef', 5 * 65536) as s");
    expect(down.rows[0]?.s.length).toBe(big.length);
    expect(down.rows[0]?.s === big).toBe(true);
    // up: the parameter is larger than one socket write takes, so the rest goes out on drain
    const up = await pool.query<{ n: number; h: string }>(
      "select length($1::text) as n, md5($1::text) as h",
      [big],
    );
    expect(up.rows[0]).toEqual({ n: big.length, h: createHash("md5").update(big).digest("hex") });
  });

  test("the server ends a client's backend mid-query - the query rejects, the pool discards it and serves again", async () => {
    const client = await pool.connect();
    const pid = await backendPid(client);
    const sleeping = client.query("select pg_sleep(10)").then(
      () => undefined,
      (error: Error) => error,
    );
    await Bun.sleep(100);
    await terminate(pid);
    const error = await sleeping;
    expect(error).toBeInstanceOf(Error);
    client.release(error);
    // a later query on the pool runs on another backend
    const others = await Promise.all(
      Array.from({ length: 8 }, () => pool.query("select pg_backend_pid() as pid")),
    );
    expect(others.every((r) => r.rows[0]?.pid !== pid)).toBe(true);
  });

  test("the server ends a checked-out client's backend between two queries - reported, not thrown; its next query rejects", async () => {
    const client = await pool.connect();
    const pid = await backendPid(client);
    const before = connectionErrors.length;
    await terminate(pid);
    for (let i = 0; i < 50 && connectionErrors.length === before; i++) await Bun.sleep(20);
    expect(connectionErrors.length).toBeGreaterThan(before);
    const next = await client.query("select 1").then(
      () => undefined,
      (error: Error) => error,
    );
    expect(next).toBeInstanceOf(Error);
    client.release(next);
    expect((await pool.query("select 2 as two")).rows).toEqual([{ two: 2 }]);
  });

  test("every idle connection ended by the server - the pool reports them and reconnects", async () => {
    const clients = await Promise.all(Array.from({ length: 4 }, () => pool.connect()));
    const pids = await Promise.all(clients.map(backendPid));
    for (const client of clients) client.release();
    const before = connectionErrors.length;
    await terminate(...pids);
    // the pool drops each idle client as its connection reports the end (the server's notice, then the close)
    for (let i = 0; i < 100 && pool.totalCount > 0; i++) await Bun.sleep(10);
    expect(pool.totalCount).toBe(0);
    // each is reported (by the pool's listener and the client's own, as with node:net's socket)
    expect(connectionErrors.length).toBeGreaterThanOrEqual(before + pids.length);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => pool.query("select $1::int as i", [i])),
    );
    expect(answers.map((a) => a.rows[0]?.i)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  test("a client ended - end() resolves and its socket closes once", async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, stream: pgStream });
    await client.connect();
    const stream = (client as unknown as { connection: { stream: BunPgSocket } }).connection.stream;
    let closes = 0;
    stream.on("close", () => closes++);
    await client.query("select 1");
    await client.end();
    await Bun.sleep(50);
    expect(closes).toBe(1);
    expect(stream.writable).toBe(false);
  });

  test("nothing listens on the port - connect rejects with the socket's error", async () => {
    const client = new pg.Client({ host: "127.0.0.1", port: 1, user: "postgres", stream: pgStream });
    const error = await client.connect().then(
      () => undefined,
      (e: Error & { code?: string }) => e,
    );
    expect(error?.message).toMatch(/ECONNREFUSED|connect/i);
  });

  test("a connection that asks for TLS - gets node:net's socket, which pg upgrades", () => {
    expect(pgStream({ ssl: true })).toBeInstanceOf(NetSocket);
    expect(pgStream({ ssl: false })).toBeInstanceOf(BunPgSocket);
  });
});

describe("BunPgSocket, local TCP server", () => {
  /** A server that reads nothing for `pauseMs`, then hashes everything it gets. */
  function slowServer(pauseMs: number) {
    const hash = createHash("sha256");
    let received = 0;
    let resolveDone: (v: { received: number; digest: string }) => void = () => {};
    const done = new Promise<{ received: number; digest: string }>((r) => {
      resolveDone = r;
    });
    const server = Bun.listen({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        open(socket) {
          socket.pause();
          setTimeout(() => socket.resume(), pauseMs);
        },
        data(_socket, chunk) {
          received += chunk.length;
          hash.update(chunk);
        },
        close() {
          resolveDone({ received, digest: hash.digest("hex") });
        },
      },
    });
    return { server, done };
  }

  test("writes while connecting, corked, and back-pressured - all arrive, in order; end() closes after them", async () => {
    const { server, done } = slowServer(300);
    const socket = new BunPgSocket();
    const expected = createHash("sha256");
    let closes = 0;
    socket.on("close", () => closes++);
    socket.connect(server.port, "127.0.0.1");
    const write = (bytes: Buffer) => {
      expected.update(bytes);
      socket.write(bytes);
    };
    write(Buffer.from("before open;"));
    await new Promise((r) => socket.once("connect", r));
    let sent = 0;
    for (let i = 0; i < 400; i++) {
      socket.cork();
      for (let j = 0; j < 3; j++) {
        const chunk = Buffer.alloc(16_384 + i + j, (i * 3 + j) % 251);
        sent += chunk.length;
        write(chunk);
      }
      socket.uncork();
    }
    let flushed = false;
    socket.write(Buffer.from("last"), () => {
      flushed = true;
    });
    expected.update("last");
    socket.end();
    const result = await done;
    expect(result.received).toBe("before open;".length + sent + 4);
    expect(result.digest).toBe(expected.digest("hex"));
    await Bun.sleep(20);
    expect(flushed).toBe(true);
    expect(closes).toBe(1);
    server.stop(true);
  });

  test("destroy(error) - emits that error, then close, once; later writes are refused", async () => {
    const { server } = slowServer(0);
    const socket = new BunPgSocket();
    socket.connect(server.port, "127.0.0.1");
    await new Promise((r) => socket.once("connect", r));
    const events: string[] = [];
    socket.on("error", (e: Error) => events.push(`error ${e.message}`));
    socket.on("close", () => events.push("close"));
    socket.destroy(new Error("timeout expired"));
    socket.destroy();
    expect(events).toEqual([]); // never synchronously from the caller's call
    await Bun.sleep(20);
    expect(events).toEqual(["error timeout expired", "close"]);
    expect(socket.write(Buffer.from("x"))).toBe(false);
    server.stop(true);
  });

  test("destroyed before it opened (a connect timeout) - error then close; the late socket is closed", async () => {
    let opened = 0;
    let closed = 0;
    const server = Bun.listen({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        open() {
          opened++;
        },
        data() {},
        close() {
          closed++;
        },
      },
    });
    const socket = new BunPgSocket();
    const events: string[] = [];
    socket.on("error", (e: Error) => events.push(`error ${e.message}`));
    socket.on("close", () => events.push("close"));
    socket.on("connect", () => events.push("connect"));
    socket.connect(server.port, "127.0.0.1");
    socket.destroy(new Error("timeout expired"));
    await Bun.sleep(100);
    expect(events).toEqual(["error timeout expired", "close"]);
    expect(opened).toBe(closed);
    server.stop(true);
  });

  test("the peer resets the connection - error, then close, once", async () => {
    const server = Bun.listen({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        open(s) {
          setTimeout(() => s.terminate(), 20);
        },
        data() {},
      },
    });
    const socket = new BunPgSocket();
    const events: string[] = [];
    socket.on("error", (e: Error & { code?: string }) => events.push(`error ${e.code}`));
    socket.on("close", () => events.push("close"));
    socket.connect(server.port, "127.0.0.1");
    await Bun.sleep(200);
    expect(events).toEqual(["error ECONNRESET", "close"]);
    server.stop(true);
  });
});
