/**
 * Where the in-process bus keeps its state. Each service connected to the bus has one store, in
 * its own database: its stream (the messages it published, in order) and its durable consumers'
 * positions and dead letters. {@link createMemoryStore} keeps the same in memory (tests, and the
 * bus's own store for publishers that did not connect a database).
 */
import type { DeadLetter, DeadLetterFilter } from "../types.ts";

/** A message in a stream, with its sequence number in that stream (1, 2, …). */
export interface StoredMessage {
  seq: number;
  /** The id it was published with (a replay's wire id differs from the id consumers see). */
  id: string;
  subject: string;
  data: unknown;
  headers: Record<string, string>;
}

/** Where a durable consumer stands in one stream. */
export interface Position {
  /** The last sequence it acknowledged (or skipped). */
  acked: number;
  /** The sequence it is delivering, and how many times it was delivered so far. */
  deliveringSeq: number;
  deliveries: number;
}

export interface InProcessStore {
  /** Appends to this store's stream; resolves true when the id was published within `windowMs` (dropped). */
  append(message: Omit<StoredMessage, "seq">, windowMs: number): Promise<boolean>;
  /** Messages after `seq`, in order. */
  read(afterSeq: number, limit: number): Promise<StoredMessage[]>;
  /** Drops the stream's messages published before `before`; resolves the count. */
  prune(before: Date): Promise<number>;
  position(durable: string, stream: string): Promise<Position>;
  savePosition(durable: string, stream: string, position: Position): Promise<void>;
  addDeadLetter(dead: Omit<DeadLetter, "id">): Promise<string>;
  listDeadLetters(filter: DeadLetterFilter): Promise<DeadLetter[]>;
  getDeadLetter(id: string): Promise<DeadLetter | undefined>;
  deleteDeadLetter(id: string): Promise<boolean>;
}

export const START: Position = { acked: 0, deliveringSeq: 0, deliveries: 0 };

/** A store in memory: lost with the process. */
export function createMemoryStore(): InProcessStore {
  const log: (StoredMessage & { at: number })[] = [];
  let nextSeq = 1;
  const positions = new Map<string, Position>();
  const dead = new Map<string, DeadLetter>();
  let nextDead = 1;
  return {
    async append(message, windowMs) {
      const since = Date.now() - windowMs;
      for (let i = log.length - 1; i >= 0; i--) {
        const m = log[i];
        if (!m || m.at < since) break;
        if (m.id === message.id) return true;
      }
      log.push({ ...structuredClone(message), seq: nextSeq++, at: Date.now() });
      return false;
    },
    async read(afterSeq, limit) {
      const start = log.findIndex((m) => m.seq > afterSeq);
      if (start < 0) return [];
      return log.slice(start, start + limit).map(({ at: _, ...m }) => structuredClone(m));
    },
    async prune(before) {
      const keep = log.findIndex((m) => m.at >= before.getTime());
      const n = keep < 0 ? log.length : keep;
      log.splice(0, n);
      return n;
    },
    async position(durable, stream) {
      return { ...(positions.get(`${durable}\u0000${stream}`) ?? START) };
    },
    async savePosition(durable, stream, position) {
      positions.set(`${durable}\u0000${stream}`, { ...position });
    },
    async addDeadLetter(d) {
      const id = String(nextDead++);
      dead.set(id, { ...structuredClone(d), id });
      return id;
    },
    async listDeadLetters(filter) {
      return [...dead.values()]
        .filter((d) => !filter.consumer || d.consumer === filter.consumer)
        .slice(0, filter.limit ?? 100)
        .map((d) => structuredClone(d));
    },
    async getDeadLetter(id) {
      const d = dead.get(id);
      return d && structuredClone(d);
    },
    async deleteDeadLetter(id) {
      return dead.delete(id);
    },
  };
}
