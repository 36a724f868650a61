/** Picking the registry from configuration: NATS JetStream KV when NATS_URL is set, memory otherwise. */
import { createMemoryRegistry } from "./memory.ts";
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
  // loaded when named: a process on the memory registry does not load the NATS client
  const { connectNatsRegistry } = await import("./nats-kv.ts");
  return connectNatsRegistry({
    url: options.natsUrl,
    bucket: options.bucket,
    leaseMs: options.leaseMs,
    name: options.name,
  });
}
