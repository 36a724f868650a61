/**
 * The system under fault: the distributed mode (`scripts/distributed.ts`, one OS process per
 * service) of the services the checkout saga involves — catalog (whose seed teaches inventory and
 * checkout the skus), inventory, checkout, payments — against a NATS server of its own (free port,
 * own store directory) and the PostgreSQL server (databases of its own prefix), each reached
 * through a fault proxy of its own. The harness talks to both servers directly (not through the
 * proxies) to reconcile.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type JetStreamManager, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { createSigningKeys, createTokenMinter, IDENTITY_HEADER } from "@tessera/chassis/access";
import { type NatsServer, startNatsServer } from "@tessera/chassis/bus/testing";
import postgres, { type Sql } from "postgres";
import { parse, stringify } from "yaml";
import { type Distributed, type DistributedProcess, startDistributed } from "../../scripts/distributed.ts";
import { type FaultProxy, startProxy } from "./proxy.ts";

const root = join(import.meta.dir, "..", "..");
/** The app services the saga needs; explore, identity and the composer are left out (say why in the README). */
export const SAGA_SERVICES = ["catalog", "inventory", "checkout", "payments"] as const;
export type SagaService = (typeof SAGA_SERVICES)[number];

export interface FaultSystemOptions {
  /** Unique per run: database prefix, stream and subject prefix derive from it. */
  runId: string;
  /** The PostgreSQL server (`postgres://postgres@127.0.0.1:5432/postgres`). */
  databaseUrl?: string;
  /** Extra environment for every service (timeouts of the saga, log level). */
  env?: Record<string, string>;
  say?: (line: string) => void;
  /**
   * Route the services through the fault proxies (default true). Without them (`false`, or
   * `FAULTS_NO_PROXY=1`) the services reach NATS and PostgreSQL directly, as deployed: the
   * proxies are test equipment whose CPU (~0.3 ms an order) would count against the system.
   */
  proxies?: boolean;
}

export interface FaultSystem {
  runId: string;
  nats: NatsServer;
  natsProxy: FaultProxy;
  pgProxy: FaultProxy;
  distributed: Distributed;
  /** Direct connections (not through the proxies) to each service's database. */
  sql: Record<SagaService, Sql>;
  /** A direct JetStream manager on the run's own server. */
  jsm(): Promise<JetStreamManager>;
  nc(): Promise<NatsConnection>;
  stream: string;
  subjectPrefix: string;
  url(service: SagaService): string;
  process(service: SagaService): DistributedProcess;
  /** SIGKILL: no graceful shutdown, nothing flushed. */
  kill(service: SagaService): Promise<void>;
  /** Starts a killed service again with the same command and environment; resolves when ready. */
  start(service: SagaService): Promise<void>;
  /** Headers signing `user` in to `audience` (an internal identity token, as the composer mints). */
  identity(user: string, audience: string): Promise<Record<string, string>>;
  /** Last log lines of a service (warnings and errors). */
  logs(service: string): string[];
  close(): Promise<void>;
}

async function subsetComposeFile(dir: string): Promise<string> {
  const doc = parse(await Bun.file(join(root, "compose.yaml")).text()) as {
    services: Record<string, { "x-tessera"?: unknown; environment?: Record<string, string> }>;
  };
  const left: string[] = [];
  for (const [name, service] of Object.entries(doc.services)) {
    if (service["x-tessera"] && !(SAGA_SERVICES as readonly string[]).includes(name)) {
      delete doc.services[name];
      left.push(name);
    }
  }
  // an app service left out is not called: drop the variables naming it (e.g. OPS_URL=http://ops:3007)
  for (const service of Object.values(doc.services)) {
    for (const [key, value] of Object.entries(service.environment ?? {})) {
      const host = /^[a-z]+:\/\/([^:/]+)/.exec(String(value))?.[1];
      if (host && left.includes(host)) delete service.environment?.[key];
    }
  }
  // FAULTS_CPU_PROF=<dir>: each service writes a CPU profile (markdown) there when it exits
  const profileDir = process.env.FAULTS_CPU_PROF;
  if (profileDir) {
    for (const service of Object.values(doc.services) as { command?: string[] }[]) {
      if (service.command?.[0] === "bun") {
        service.command.splice(1, 0, "--cpu-prof-md", `--cpu-prof-dir=${profileDir}`);
      }
    }
  }
  const file = join(dir, "compose.yaml");
  await writeFile(file, stringify(doc));
  return file;
}

export async function startFaultSystem(options: FaultSystemOptions): Promise<FaultSystem> {
  const say = options.say ?? (() => {});
  const server = new URL(options.databaseUrl ?? "postgres://postgres@127.0.0.1:5432/postgres");
  const dir = await mkdtemp(join(tmpdir(), "tessera-faults-"));
  const prefix = `${options.runId}_`;
  const stream = `FAULTS_${options.runId.toUpperCase()}`;
  const subjectPrefix = options.runId;
  const nats = await startNatsServer();
  say(`• nats-server ${nats.version} on port ${nats.port} (store ${nats.storeDir})`);
  const natsProxy = await startProxy({ targetPort: nats.port });
  const pgProxy = await startProxy({ targetPort: Number(server.port || 5432), targetHost: server.hostname });
  say(
    `• fault proxies: NATS :${natsProxy.port} → :${nats.port}, PostgreSQL :${pgProxy.port} → :${server.port || 5432}`,
  );
  // the composer is left out: the harness mints the identity tokens the services verify
  const keys = await createSigningKeys();
  const mint = createTokenMinter(keys, { ttlSeconds: 3600 });
  const logLines = new Map<string, string[]>();
  const keep = (name: string, line: string) => {
    const lines = logLines.get(name) ?? [];
    logLines.set(name, lines);
    lines.push(line);
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  const bypass = options.proxies === false || process.env.FAULTS_NO_PROXY === "1";
  const proxiedDb = new URL(server);
  proxiedDb.hostname = "127.0.0.1";
  if (!bypass) proxiedDb.port = String(pgProxy.port);
  let distributed: Distributed;
  try {
    distributed = await startDistributed({
      composeFile: await subsetComposeFile(dir),
      databaseUrl: proxiedDb.toString(),
      databasePrefix: prefix,
      natsUrl: bypass ? nats.url : `nats://127.0.0.1:${natsProxy.port}`,
      natsStream: stream,
      subjectPrefix,
      ports: "free",
      env: { LOG_LEVEL: "warn", ACCESS_JWKS: JSON.stringify(keys.jwks()), ...options.env },
      onLine: keep,
      say,
    });
  } catch (error) {
    await natsProxy.close();
    await pgProxy.close();
    await nats.close();
    await rm(dir, { recursive: true, force: true });
    await dropDatabases(server, prefix);
    throw error;
  }
  const direct = (name: string) => {
    const url = new URL(server);
    url.pathname = `/${prefix}${name}`;
    return postgres(url.toString(), { max: 4, onnotice: () => {}, idle_timeout: 5 });
  };
  const sql = Object.fromEntries(SAGA_SERVICES.map((s) => [s, direct(s)])) as Record<SagaService, Sql>;
  let connection: NatsConnection | undefined;
  const nc = async () => {
    if (!connection || connection.isClosed()) {
      connection = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    }
    return connection;
  };
  const processOf = (service: SagaService) => {
    const p = distributed.processes.find((x) => x.name === service);
    if (!p) throw new Error(`No process ${service}`);
    return p;
  };
  async function waitReady(p: DistributedProcess, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (p.process.exitCode !== null)
        throw new Error(`${p.name} exited (${p.process.exitCode}) while starting`);
      const ok = await fetch(`${p.url}/health/ready`, { signal: AbortSignal.timeout(1000) })
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) return;
      await Bun.sleep(100);
    }
    throw new Error(
      `${p.name} was not ready again within ${timeoutMs} ms:\n${logLines.get(p.name)?.slice(-20).join("\n")}`,
    );
  }
  async function drain(p: DistributedProcess, stream: ReadableStream<Uint8Array>): Promise<void> {
    let buffer = "";
    const decoder = new TextDecoder();
    for await (const bytes of stream) {
      buffer += decoder.decode(bytes, { stream: true });
      let nl = buffer.indexOf("\n");
      while (nl >= 0) {
        keep(p.name, buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf("\n");
      }
    }
  }
  return {
    runId: options.runId,
    nats,
    natsProxy,
    pgProxy,
    distributed,
    sql,
    nc,
    jsm: async () => jetstreamManager(await nc()),
    stream,
    subjectPrefix,
    url: (service) => processOf(service).url,
    process: processOf,
    async kill(service) {
      const p = processOf(service);
      p.process.kill("SIGKILL");
      await p.process.exited;
    },
    async start(service) {
      const p = processOf(service);
      if (p.process.exitCode === null && !p.process.killed) return;
      const proc = Bun.spawn(p.command, {
        cwd: root,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...p.env },
        stdout: "pipe",
        stderr: "pipe",
      });
      p.process = proc;
      p.pid = proc.pid;
      void drain(p, proc.stdout);
      void drain(p, proc.stderr);
      await waitReady(p);
    },
    identity: async (user, audience) => ({
      [IDENTITY_HEADER]: await mint({ sub: user, roles: [] }, audience),
    }),
    logs: (service) => logLines.get(service) ?? [],
    async close() {
      await distributed.stop().catch(() => []);
      await Promise.all(Object.values(sql).map((s) => s.end({ timeout: 2 }).catch(() => {})));
      await connection?.close().catch(() => {});
      await natsProxy.close();
      await pgProxy.close();
      await nats.close();
      await rm(dir, { recursive: true, force: true });
      await dropDatabases(server, prefix);
    },
  };
}

/** Drops the run's databases (closing their connections first). */
async function dropDatabases(server: URL, prefix: string): Promise<void> {
  const admin = postgres(server.toString(), { max: 1, onnotice: () => {} });
  try {
    const rows = await admin<
      { datname: string }[]
    >`select datname from pg_database where datname like ${`${prefix}%`}`;
    for (const { datname } of rows) {
      await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${datname}`;
      await admin.unsafe(`drop database if exists "${datname}"`);
    }
  } finally {
    await admin.end({ timeout: 2 });
  }
}
