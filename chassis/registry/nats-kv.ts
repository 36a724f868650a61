/**
 * The registry of the distributed mode: a NATS JetStream KV bucket whose entries expire after the
 * bucket's max age (the lease) unless written again. Per-key TTLs need NATS 2.11; the bucket-wide
 * max age works on 2.9 (Debian's), so the lease is the bucket's, and renewing is a new put.
 * Readers also skip entries written longer than a lease ago, since the server expires them on
 * its own schedule.
 */
import { jetstreamManager } from "@nats-io/jetstream";
import { type KV, Kvm } from "@nats-io/kv";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import type { Registry, ServiceInstance } from "./types.ts";

export interface NatsRegistryOptions {
  url: string;
  /** The KV bucket (`tessera_registry`). */
  bucket: string;
  /** The bucket's max age: an entry not renewed within it disappears. */
  leaseMs: number;
  /** A name for the connection, shown by the server's monitoring. */
  name?: string;
}

/** Connects to NATS and opens (or creates) the registry bucket. */
export async function connectNatsRegistry(options: NatsRegistryOptions): Promise<Registry> {
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: options.url, name: options.name, maxReconnectAttempts: -1, timeout: 5000 });
  } catch (error) {
    throw new Error(
      `Cannot reach NATS at ${options.url} for the service registry: ${(error as Error).message}`,
    );
  }
  let kv: KV;
  try {
    kv = await new Kvm(nc).create(options.bucket, { ttl: options.leaseMs, history: 1 });
  } catch (error) {
    await nc.close();
    throw new Error(
      `Cannot open the registry bucket "${options.bucket}" on ${options.url}: ${(error as Error).message}`,
    );
  }
  const jsm = await jetstreamManager(nc);
  const stream = `KV_${options.bucket}`;
  const prefix = `$KV.${options.bucket}.`;
  const listeners = new Set<() => void>();
  const watcher = await kv.watch({ include: "updates" });
  void (async () => {
    for await (const _ of watcher) for (const listener of listeners) listener();
  })().catch(() => {});
  return {
    kind: "nats-kv",
    leaseMs: options.leaseMs,
    async put(instance: ServiceInstance) {
      await kv.put(instance.id, JSON.stringify(instance));
    },
    async remove(id) {
      await kv.delete(id);
    },
    async entries() {
      // The stream's subject list, not kv.keys(): its ordered consumer can wait forever when
      // entries expire while it lists them.
      const info = await jsm.streams.info(stream, { subjects_filter: ">" });
      const keys = Object.keys(info.state.subjects ?? {}).map((subject) => subject.slice(prefix.length));
      const values: unknown[] = [];
      for (const key of keys) {
        const entry = await kv.get(key);
        if (entry?.operation !== "PUT") continue;
        // The server removes expired entries on its own schedule; an entry older than the lease
        // is already gone as far as readers are concerned.
        if (entry.created.getTime() + options.leaseMs < Date.now()) continue;
        try {
          values.push(entry.json());
        } catch {
          values.push(entry.string());
        }
      }
      return values;
    },
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      watcher.stop();
      await nc.drain().catch(() => nc.close());
    },
  };
}

/** Deletes a registry bucket and its entries (a test run's or a launcher's own bucket). */
export async function deleteNatsRegistryBucket(url: string, bucket: string): Promise<void> {
  const nc = await connect({ servers: url, timeout: 5000 });
  try {
    await (await new Kvm(nc).open(bucket)).destroy();
  } catch {
    // no such bucket: nothing to delete
  } finally {
    await nc.close();
  }
}
