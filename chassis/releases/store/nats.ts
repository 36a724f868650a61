/**
 * The release store of the distributed mode, on NATS JetStream: the state is one key of a KV bucket
 * (changed with compare-and-set on the key's revision, so two deploys cannot overwrite each
 * other), the deployment log is a stream (file storage; `append` resolves on the server's ack).
 * Watchers follow the key's updates. Bucket and stream names are configuration, so tests use
 * their own.
 */
import { jetstream, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { type KV, Kvm } from "@nats-io/kv";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { EMPTY_STATE, type LogEntry, type ReleaseState, type ReleaseStore } from "../types.ts";

export interface NatsStoreOptions {
  url: string;
  /** The KV bucket holding the state (`tessera_releases`). */
  bucket: string;
  /** The stream holding the deployment log (`TESSERA_DEPLOYMENTS`). */
  stream: string;
  name?: string;
}

const KEY = "state";
/** The most log entries read back (the newest). */
const MAX_READ = 1000;

/** The subject the log stream stores (one per stream name, so test streams never overlap). */
const logSubject = (stream: string) => `tessera.deployments.${stream.toLowerCase()}`;

export async function connectNatsStore(options: NatsStoreOptions): Promise<ReleaseStore> {
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: options.url, name: options.name, maxReconnectAttempts: -1, timeout: 5000 });
  } catch (error) {
    throw new Error(`Cannot reach NATS at ${options.url} for the release store: ${(error as Error).message}`);
  }
  let kv: KV;
  const subject = logSubject(options.stream);
  const jsm = await jetstreamManager(nc);
  try {
    kv = await new Kvm(nc).create(options.bucket, { history: 10, storage: StorageType.File });
    try {
      await jsm.streams.info(options.stream);
    } catch {
      await jsm.streams.add({
        name: options.stream,
        subjects: [subject],
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
      });
    }
  } catch (error) {
    await nc.close();
    throw new Error(
      `Cannot open the release bucket "${options.bucket}" / stream "${options.stream}" on ${options.url}: ${(error as Error).message}`,
    );
  }
  const js = jetstream(nc);
  const listeners = new Set<(state: ReleaseState) => void>();
  const watcher = await kv.watch({ key: KEY, include: "updates" });
  void (async () => {
    for await (const entry of watcher) {
      if (entry.operation !== "PUT") continue;
      const state = entry.json<ReleaseState>();
      for (const listener of listeners) listener(state);
    }
  })().catch(() => {});

  async function current(): Promise<{ state: ReleaseState; revision: number }> {
    const entry = await kv.get(KEY);
    if (entry?.operation !== "PUT") return { state: EMPTY_STATE, revision: 0 };
    return { state: entry.json<ReleaseState>(), revision: entry.revision };
  }

  return {
    kind: "nats",
    async read() {
      return (await current()).state;
    },
    async update(change) {
      for (let attempt = 0; ; attempt++) {
        const { state, revision } = await current();
        const next = { ...change(state), revision: state.revision + 1 };
        const data = JSON.stringify(next);
        try {
          if (revision === 0) await kv.create(KEY, data);
          else await kv.update(KEY, data, revision);
          return next;
        } catch (error) {
          // another writer changed the key since we read it: read again and re-apply
          if (attempt >= 20)
            throw new Error(`the release state kept changing under us: ${(error as Error).message}`);
          await Bun.sleep(5 + Math.random() * 20);
        }
      }
    },
    async append(entry: LogEntry) {
      await js.publish(subject, JSON.stringify(entry));
    },
    async entries(query = {}) {
      const info = await jsm.streams.info(options.stream);
      const out: LogEntry[] = [];
      const first = Math.max(info.state.first_seq, info.state.last_seq - MAX_READ + 1);
      for (let seq = info.state.last_seq; seq >= first && seq > 0; seq--) {
        const message = await jsm.streams.getMessage(options.stream, { seq }).catch(() => null);
        if (!message) continue;
        const entry = message.json<LogEntry>();
        if (query.team && entry.team !== query.team) continue;
        out.push(entry);
        if (query.limit && out.length >= query.limit) break;
      }
      return out;
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

/** Deletes a release bucket and log stream (a test run's own). */
export async function deleteNatsStore(url: string, bucket: string, stream: string): Promise<void> {
  const nc = await connect({ servers: url, timeout: 5000 });
  try {
    await (await new Kvm(nc).open(bucket)).destroy().catch(() => {});
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => {});
  } finally {
    await nc.close();
  }
}
