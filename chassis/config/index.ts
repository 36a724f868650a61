/**
 * Externalised configuration: environment variables validated with zod at start.
 * A bad or missing value stops the process with a message naming the variable, the value and
 * what was expected — never a half-configured service.
 *
 * @example
 * const config = loadConfig(serviceConfig.extend({ CATALOG_URL: url() }), process.env);
 */
import { z } from "zod";

export { z };

/** Thrown by {@link loadConfig}; its message lists every bad variable, one per line. */
export class ConfigError extends Error {
  readonly issues: { variable: string; value: string | undefined; expected: string }[];
  constructor(issues: ConfigError["issues"]) {
    const lines = issues.map(
      (i) =>
        `  ${i.variable}=${i.value === undefined ? "(not set)" : JSON.stringify(i.value)}: ${i.expected}`,
    );
    super(`Invalid configuration:\n${lines.join("\n")}`);
    this.name = "ConfigError";
    this.issues = issues;
  }
}

/** Validates `env` against `schema`; throws a {@link ConfigError} naming each bad variable. */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? "(environment)");
    return { variable, value: env[variable], expected: issue.message };
  });
  throw new ConfigError(issues);
}

/** A TCP port: 0 asks the OS for a free one. */
export const port = (fallback: number) =>
  z.coerce
    .number({ error: "expected a port number from 0 to 65535" })
    .int({ error: "expected a whole port number from 0 to 65535" })
    .min(0, { error: "expected a port number from 0 to 65535" })
    .max(65535, { error: "expected a port number from 0 to 65535" })
    .default(fallback);

/** An absolute URL with one of the given protocols. */
export const url = (protocols: string[] = ["http:", "https:"]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { error: `expected an absolute URL (${protocols.map((p) => p.replace(":", "://")).join(" or ")}…)` },
  );

/** A positive duration in milliseconds. */
export const millis = (fallback: number) =>
  z.coerce
    .number({ error: "expected a duration in milliseconds" })
    .int({ error: "expected a whole number of milliseconds" })
    .positive({ error: "expected a duration in milliseconds greater than 0" })
    .default(fallback);

/** What every service reads from its environment. */
export const serviceConfig = z.object({
  HOST: z.string().min(1).default("127.0.0.1"),
  SERVICE_VERSION: z.string().min(1).optional(),
  /** When set, the service uses this PostgreSQL server; otherwise embedded PGlite under DATA_DIR. */
  DATABASE_URL: url(["postgres:", "postgresql:"]).optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  /** When set, the bus is NATS JetStream at this URL; otherwise the in-process bus. */
  NATS_URL: url(["nats:", "tls:", "ws:", "wss:"]).optional(),
  NATS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, { error: "expected a JetStream stream name (letters, digits, _ and -)" })
    .default("TESSERA"),
  BUS_SUBJECT_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+$/, { error: "expected a lower-case subject token (a-z, 0-9, _ and -)" })
    .default("tessera"),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
      error: "expected one of fatal, error, warn, info, debug, trace, silent",
    })
    .default("info"),
  OTEL_EXPORTER_OTLP_ENDPOINT: url().optional(),
  /**
   * The ops service's base URL: when set, log lines are shipped to it, unhandled errors are
   * reported to it, and — unless OTEL_EXPORTER_OTLP_ENDPOINT names a collector — spans go to it.
   */
  OPS_URL: url().optional(),
  SHUTDOWN_TIMEOUT_MS: millis(10_000),
});

export type ServiceConfig = z.infer<typeof serviceConfig>;
