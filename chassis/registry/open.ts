/** Picking the registry from configuration: NATS JetStream KV when NATS_URL is set, memory otherwise. */
import { createMemoryRegistry } from "./memory.ts";
import { connectNatsRegistry } from "./nats-kv.ts";
import type { Registry } from "./types.ts";

export interface OpenRegistryOptions {
  natsUrl?: string;
  bucket: string;
  leaseMs: number;
  name?: string;
}

/** Opens the registry the configuration names (never auto-detected). */
export async function openRegistry(options: OpenRegistryOptions): Promise<Registry> {
  if (!options.natsUrl) return createMemoryRegistry({ leaseMs: options.leaseMs });
  return connectNatsRegistry({
    url: options.natsUrl,
    bucket: options.bucket,
    leaseMs: options.leaseMs,
    name: options.name,
  });
}
