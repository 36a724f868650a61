/**
 * The distributed mode without Docker: every Tessera process that compose.yaml describes, started
 * as its own OS process with the command and environment compose.yaml gives it — the compose
 * host names rewritten to this machine (PostgreSQL, NATS, the other services), each service's
 * database on the PostgreSQL server and the bus on NATS JetStream.
 *
 * `npm run start:distributed` runs it with the ports of compose.yaml; the integration tier runs it
 * with free ports, its own database names and its own NATS stream, so runs never meet.
 */

import { join } from "node:path";
import { accessKeysEnv } from "@tessera/chassis/access";
import { deleteNatsRegistryBucket } from "@tessera/chassis/registry/nats";
import { deleteNatsStore } from "@tessera/chassis/releases/nats";
import { parse } from "yaml";

const root = join(import.meta.dir, "..");

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown> | string[];
  "x-tessera"?: { kind: string };
}

export interface DistributedOptions {
  composeFile?: string;
  /** The PostgreSQL server (its database part is replaced per service). */
  databaseUrl?: string;
  /** Prepended to every service's database name (`catalog` → `<prefix>catalog`). */
  databasePrefix?: string;
  natsUrl?: string;
  natsStream?: string;
  /** The registry's KV bucket (every process gets it); compose.yaml's default otherwise. */
  registryBucket?: string;
  subjectPrefix?: string;
  /** "compose" keeps the ports of compose.yaml; "free" picks free ones. */
  ports?: "compose" | "free";
  /** An OTLP collector to send spans to; the compose one is dropped otherwise. */
  otlpEndpoint?: string;
  /**
   * Every process's DATA_DIR (compose.yaml's is a container path): where the fragment releases are
   * (`<dataDir>/releases`, what `tessera deploy` publishes to). Default `.data`.
   */
  dataDir?: string;
  /** Extra variables for every process. */
  env?: Record<string, string>;
  /** Every log line of every process, with the process's name. */
  onLine?: (service: string, line: string) => void;
  say?: (line: string) => void;
  readyTimeoutMs?: number;
}

export interface DistributedProcess {
  name: string;
  url: string;
  pid: number;
  process: ReturnType<typeof Bun.spawn>;
  env: Record<string, string>;
  command: string[];
}

export interface Distributed {
  processes: DistributedProcess[];
  url(name: string): string;
  /** SIGTERM to each (composer first), waiting for graceful exits; SIGKILL after a timeout. */
  stop(): Promise<{ name: string; exitCode: number | null }[]>;
}

/** The app services of compose.yaml, in dependency order. */
export async function composeAppServices(file = join(root, "compose.yaml")) {
  const doc = parse(await Bun.file(file).text()) as { services: Record<string, ComposeService> };
  const apps = Object.entries(doc.services).filter(([, s]) => s["x-tessera"]);
  const names = new Set(apps.map(([n]) => n));
  const deps = (s: ComposeService) =>
    (Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {})).filter((d) =>
      names.has(d),
    );
  const ordered: [string, ComposeService][] = [];
  const placed = new Set<string>();
  while (ordered.length < apps.length) {
    const next = apps.find(([n, s]) => !placed.has(n) && deps(s).every((d) => placed.has(d)));
    if (!next) throw new Error(`compose.yaml: the app services depend on each other in a cycle`);
    ordered.push(next);
    placed.add(next[0]);
  }
  return ordered;
}

async function freePort(): Promise<number> {
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = server.port as number;
  server.stop(true);
  return port;
}

async function waitReady(p: DistributedProcess, timeoutMs: number, stderr: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (p.process.exitCode !== null) {
      throw new Error(
        `${p.name} exited with code ${p.process.exitCode} while starting:\n${stderr().slice(-2000)}`,
      );
    }
    try {
      const response = await fetch(`${p.url}/health/ready`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await Bun.sleep(150);
  }
  throw new Error(`${p.name} was not ready within ${timeoutMs} ms (last answer: ${last})`);
}

/** Starts every app service of compose.yaml as its own process and waits until each is ready. */
export async function startDistributed(options: DistributedOptions = {}): Promise<Distributed> {
  const say = options.say ?? (() => {});
  const services = await composeAppServices(options.composeFile);
  const database = new URL(options.databaseUrl ?? "postgres://postgres@127.0.0.1:5432/postgres");
  const nats = options.natsUrl ?? "nats://127.0.0.1:4222";
  const ports = new Map<string, number>();
  for (const [name, s] of services) {
    ports.set(name, options.ports === "free" ? await freePort() : Number(s.environment?.PORT));
  }
  const rewrite = (key: string, value: string): string | undefined => {
    // The registry allowlist names compose hosts; here every app service is on this machine.
    if (key === "REGISTRY_ALLOWED_HOSTS")
      return [...new Set(value.split(",").map((h) => (ports.has(h.trim()) ? "127.0.0.1" : h.trim())))].join(
        ",",
      );
    if (key === "DATA_DIR") return options.dataDir ?? join(root, ".data");
    if (!/^[a-z]+:\/\//.test(value)) return value;
    const u = new URL(value);
    if (u.protocol.startsWith("postgres")) {
      const target = new URL(database);
      target.pathname = `/${options.databasePrefix ?? ""}${u.pathname.slice(1)}`;
      return target.toString();
    }
    if (u.protocol === "nats:") return nats;
    if (key === "OTEL_EXPORTER_OTLP_ENDPOINT") return options.otlpEndpoint;
    const port = ports.get(u.hostname);
    if (port === undefined)
      throw new Error(`compose.yaml: ${key}=${value} names "${u.hostname}", which is not an app service`);
    return `http://127.0.0.1:${port}${u.pathname === "/" ? "" : u.pathname}`;
  };

  // A run with its own stream gets its own registry bucket too (runs never meet), removed on stop.
  const runBucket =
    options.registryBucket ?? (options.natsStream ? `${options.natsStream}_registry` : undefined);
  const started: DistributedProcess[] = [];
  // …and its own release state and deployment log (removed on stop as well)
  const runReleases = options.natsStream
    ? { bucket: `${options.natsStream}_releases`, stream: `${options.natsStream}_DEPLOYMENTS` }
    : undefined;
  const removeRunBucket = async () => {
    if (runBucket && !options.registryBucket) await deleteNatsRegistryBucket(nats, runBucket).catch(() => {});
    if (runReleases) await deleteNatsStore(nats, runReleases.bucket, runReleases.stream).catch(() => {});
  };
  const stop = async () => {
    const results: { name: string; exitCode: number | null }[] = [];
    for (const p of [...started].reverse()) {
      p.process.kill("SIGTERM");
      const timer = setTimeout(() => p.process.kill("SIGKILL"), 15_000);
      results.push({ name: p.name, exitCode: await p.process.exited });
      clearTimeout(timer);
    }
    await removeRunBucket();
    return results;
  };
  // one key pair per run: the composer signs internal identity tokens, every service verifies them
  const accessKeys = await accessKeysEnv();
  try {
    for (const [name, s] of services) {
      const env: Record<string, string> = { ...accessKeys };
      for (const [key, value] of Object.entries(s.environment ?? {})) {
        const v = rewrite(key, String(value));
        if (v !== undefined) env[key] = v;
      }
      Object.assign(env, { HOST: "127.0.0.1", PORT: String(ports.get(name)) }, options.env ?? {});
      if (env.NATS_URL) {
        if (options.natsStream) env.NATS_STREAM = options.natsStream;
        if (options.subjectPrefix) env.BUS_SUBJECT_PREFIX = options.subjectPrefix;
        if (runBucket) env.REGISTRY_BUCKET = runBucket;
        if (runReleases)
          Object.assign(env, { RELEASES_BUCKET: runReleases.bucket, RELEASES_STREAM: runReleases.stream });
      }
      const command = (s.command ?? []).map((part, i) =>
        i === 0 && part === "bun" ? process.execPath : part,
      );
      say(`• starting ${name}: ${s.command?.join(" ")} on port ${env.PORT}…`);
      const proc = Bun.spawn(command, {
        cwd: root,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
        stdout: "pipe",
        stderr: "pipe",
      });
      const p: DistributedProcess = {
        name,
        url: `http://127.0.0.1:${env.PORT}`,
        pid: proc.pid,
        process: proc,
        env,
        command,
      };
      started.push(p);
      let errText = "";
      const pump = async (stream: ReadableStream<Uint8Array>, isErr: boolean) => {
        let buffer = "";
        const decoder = new TextDecoder();
        for await (const bytes of stream) {
          const chunk = decoder.decode(bytes, { stream: true });
          buffer += chunk;
          if (isErr) errText += chunk;
          let nl = buffer.indexOf("\n");
          while (nl >= 0) {
            options.onLine?.(name, buffer.slice(0, nl));
            buffer = buffer.slice(nl + 1);
            nl = buffer.indexOf("\n");
          }
        }
        if (buffer) options.onLine?.(name, buffer);
      };
      void pump(proc.stdout, false);
      void pump(proc.stderr, true);
      const t0 = performance.now();
      await waitReady(p, options.readyTimeoutMs ?? 60_000, () => errText);
      say(`  ✓ ${name} ready at ${p.url} in ${Math.round(performance.now() - t0)} ms`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    processes: started,
    url: (name) => {
      const p = started.find((s) => s.name === name);
      if (!p) throw new Error(`No process named ${name}`);
      return p.url;
    },
    stop,
  };
}

if (import.meta.main) {
  const { buildAll } = await import("./build.ts");
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(
    "Tessera — starting the distributed mode: one process per service (compose.yaml), PostgreSQL, NATS JetStream",
  );
  await buildAll();
  const distributed = await startDistributed({
    databaseUrl: process.env.DATABASE_URL,
    natsUrl: process.env.NATS_URL,
    databasePrefix: process.env.DATABASE_PREFIX ?? "tessera_",
    otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT,
    onLine: (name, line) => process.stdout.write(`${name.padEnd(9)}| ${line}\n`),
    say,
  }).catch((error) => {
    console.error(`\n✗ ${(error as Error).message}`);
    process.exit(1);
  });
  say(`\nReady. Open:\n  storefront   ${distributed.url("composer")}/`);
  for (const p of distributed.processes) say(`  ${p.name.padEnd(12)} ${p.url}/health/ready  (pid ${p.pid})`);
  const shutdown = async () => {
    say("stopping…");
    await distributed.stop();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}
