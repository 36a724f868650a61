/**
 * The JetStream streams of a deployment: one per domain (the first token of a subject:
 * `<prefix>.catalog.>` in `<STREAM>_CATALOG`, `<prefix>.checkout.>` in `<STREAM>_CHECKOUT`, …),
 * created when first used, and one dead-letter stream `<STREAM>_DLQ` on `<prefix>._dlq.<durable>`.
 */
import { type JetStreamManager, RetentionPolicy, StorageType, type StreamConfig } from "@nats-io/jetstream";
import { BUS_DEFAULTS } from "../types.ts";

const NANOS_PER_MS = 1_000_000;

/** The token no domain may use: dead letters live under it. */
export const DLQ_TOKEN = "_dlq";

export interface StreamNames {
  /** The stream name for a domain, e.g. `TESSERA_CATALOG`. */
  forDomain(domain: string): string;
  dlq: string;
}

export function streamNames(base: string): StreamNames {
  return {
    forDomain: (domain) => `${base}_${domain.toUpperCase()}`,
    dlq: `${base}_DLQ`,
  };
}

/** The domain of a logical subject (its first token); refuses wildcards and the reserved token. */
export function domainOf(subject: string): string {
  const domain = subject.split(".")[0] ?? "";
  if (domain === "*" || domain === ">") {
    throw new Error(
      `Subject "${subject}" spans every domain: a consumer's subject must start with its domain, e.g. "catalog.>"`,
    );
  }
  if (domain === DLQ_TOKEN)
    throw new Error(`Subject "${subject}": "${DLQ_TOKEN}" is reserved for dead letters`);
  return domain;
}

/** Creates `config`'s stream or brings an existing one to it (subjects, windows, age). */
export async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }) {
  const full: Partial<StreamConfig> & { name: string } = {
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: BUS_DEFAULTS.duplicateWindowMs * NANOS_PER_MS,
    ...config,
  };
  const existing = await jsm.streams.info(config.name).catch(() => undefined);
  if (existing) {
    const same =
      JSON.stringify(existing.config.subjects) === JSON.stringify(full.subjects) &&
      existing.config.duplicate_window === full.duplicate_window &&
      existing.config.max_age === (full.max_age ?? 0);
    if (!same) await jsm.streams.update(config.name, full);
    return;
  }
  await jsm.streams.add(full).catch(async (error: Error) => {
    // another instance may have created it between our two calls
    await jsm.streams.info(config.name).catch(() => {
      throw new Error(
        `Cannot create the JetStream stream "${config.name}" for ${full.subjects?.join(", ")}: ${error.message}` +
          " (a stream of an older layout holding the same subjects must be removed first)",
      );
    });
  });
}

export const toNanos = (ms: number) => ms * NANOS_PER_MS;
