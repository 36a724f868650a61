/**
 * A NATS server of a test's own: the machine's `nats-server` binary on a free port with its own
 * store directory, configured to sync before it acknowledges when the binary can, and able to
 * stop, be killed and restart on the same port and store — for tests that fault the broker
 * without touching the shared one at 127.0.0.1:4222.
 *
 * @example
 * const server = await startNatsServer();
 * const bus = await connectNatsBus({ url: server.url, stream: "T", prefix: "t" });
 * await server.restart();
 * await server.close();
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface NatsServerOptions {
  /** The binary (`/usr/sbin/nats-server`, Debian's; or `NATS_SERVER_BIN`). */
  binary?: string;
  /** The store directory (a new temporary one, removed by `close()`). */
  storeDir?: string;
  /** The port (a free one). */
  port?: number;
}

export interface NatsServer {
  url: string;
  port: number;
  storeDir: string;
  configFile: string;
  /** The binary's version, e.g. "2.9.10". */
  version: string;
  /** True when the config carries `sync_interval: always` (the binary supports it: 2.10 and later). */
  syncAlways: boolean;
  /** Stops it gracefully (SIGTERM: JetStream flushes its store). */
  stop(): Promise<void>;
  /** Kills it (SIGKILL: what the store had not written is lost). */
  kill(): Promise<void>;
  /** Starts it again on the same port and store (after stop or kill). */
  start(): Promise<void>;
  /** Stops (gracefully) and starts again. */
  restart(): Promise<void>;
  /** Stops it and removes the store directory the helper made. */
  close(): Promise<void>;
}

/** The version a `nats-server` binary reports, e.g. "2.9.10". */
export async function natsServerVersion(binary: string): Promise<string> {
  const out = await new Response(Bun.spawn([binary, "--version"], { stdout: "pipe" }).stdout).text();
  const match = /v?(\d+\.\d+\.\d+)/.exec(out);
  if (!match?.[1]) throw new Error(`Cannot read the version of ${binary} from "${out.trim()}"`);
  return match[1];
}

/** True when `version` knows the JetStream `sync_interval` setting (added after 2.9). */
export function supportsSyncInterval(version: string): boolean {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  return major > 2 || (major === 2 && minor >= 10);
}

/** The configuration file a test server runs with. */
export function natsTestConfig(options: { port: number; storeDir: string; syncAlways: boolean }): string {
  return [
    `port: ${options.port}`,
    `host: "127.0.0.1"`,
    `server_name: "tessera-test-${options.port}"`,
    "jetstream {",
    `  store_dir: ${JSON.stringify(options.storeDir)}`,
    // 2.9 refuses `sync_interval` ("unknown field"): it then fsyncs every 2 minutes, and only a
    // graceful stop flushes; see chassis/bus/README.md
    ...(options.syncAlways ? ["  sync_interval: always"] : []),
    "}",
    "",
  ].join("\n");
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

/** Starts a NATS server with JetStream on a free port and its own store. */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServer> {
  const binary = options.binary ?? process.env.NATS_SERVER_BIN ?? "/usr/sbin/nats-server";
  const version = await natsServerVersion(binary).catch((error: Error) => {
    throw new Error(
      `Cannot run ${binary} (${error.message}): install it (Debian: apt-get install nats-server) or set NATS_SERVER_BIN`,
    );
  });
  const ownStore = options.storeDir === undefined;
  const home = await mkdtemp(join(tmpdir(), "tessera-nats-"));
  const storeDir = options.storeDir ?? join(home, "store");
  const port = options.port ?? (await freePort());
  const syncAlways = supportsSyncInterval(version);
  const configFile = join(home, "nats.conf");
  await writeFile(configFile, natsTestConfig({ port, storeDir, syncAlways }));

  let child: ReturnType<typeof Bun.spawn> | undefined;
  let alive = false;
  const killOnExit = () => child?.kill("SIGKILL");
  process.once("exit", killOnExit);

  async function start(): Promise<void> {
    if (alive) return;
    const proc = Bun.spawn([binary, "-c", configFile], { stdout: "ignore", stderr: "pipe" });
    child = proc;
    const reader = (proc.stderr as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let seen = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`nats-server on port ${port} exited before it was ready:\n${seen}`);
      seen += decoder.decode(value);
      if (seen.includes("Server is ready")) break;
    }
    alive = true;
    // keep draining its log so the pipe never fills
    void (async () => {
      while (!(await reader.read().catch(() => ({ done: true }))).done) {}
    })();
  }

  async function halt(signal: "SIGTERM" | "SIGKILL"): Promise<void> {
    if (!child || !alive) return;
    child.kill(signal);
    await child.exited;
    alive = false;
  }

  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    configFile,
    version,
    syncAlways,
    start,
    stop: () => halt("SIGTERM"),
    kill: () => halt("SIGKILL"),
    async restart() {
      await halt("SIGTERM");
      await start();
    },
    async close() {
      await halt("SIGTERM");
      process.off("exit", killOnExit);
      await rm(ownStore ? home : join(home, "nats.conf"), { recursive: true, force: true });
    },
  };
}
