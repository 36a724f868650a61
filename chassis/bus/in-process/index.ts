/**
 * The in-process bus of the embedded mode: the same contract as JetStream inside one process,
 * durable through the services' own databases (see chassis/bus/README.md for the design).
 *
 * The bus holds streams: one per connected service, kept in that service's database (the messages
 * it published, in order), plus one in memory for publishers that connected none. A durable
 * consumer reads every stream from its own position, kept in its service's database beside its
 * dead letters; a delivery is counted before the handler runs and acknowledged after it returns,
 * so a restart resumes exactly at the first unacknowledged message.
 *
 * @example
 * const bus = createInProcessBus();
 * const catalogBus = await bus.connect({ service: "catalog", db: catalogDb });
 */
import type { Db } from "../../db/index.ts";
import { withDeadline } from "../deadline.ts";
import { afterFailure, exhausted, isReplayForOther, messageIdOf, replayOf } from "../delivery.ts";
import { assertSubject, subjectMatches } from "../subjects.ts";
import { tracedConsume, tracedPublish } from "../traced.ts";
import type { Bus, BusMessage, ConsumeOptions, DeadLetters, Subscription } from "../types.ts";
import { BUS_DEFAULTS, handlerDeadline, RawJson } from "../types.ts";
import { createDatabaseStore } from "./database-store.ts";
import { createMemoryStore, type InProcessStore, type Position, type StoredMessage } from "./store.ts";

export { createDatabaseStore } from "./database-store.ts";
export { createMemoryStore, type InProcessStore } from "./store.ts";

export interface InProcessBusOptions {
  /** A publish whose id was seen within this window is dropped (2 min, as JetStream's default). */
  duplicateWindowMs?: number;
  /** Messages older than this are pruned from the streams (0: kept for ever, the default). */
  retentionMs?: number;
}

export interface ConnectOptions {
  /** The service's name: the name of its stream. */
  service: string;
  /** The service's own database: its stream, its consumers' positions and dead letters live there. */
  db: Db;
}

/** The in-process bus; itself a {@link Bus} whose state is in memory. */
export interface InProcessBus extends Bus {
  /** A bus for one service, durable through its database. */
  connect(options: ConnectOptions): Promise<Bus>;
  /**
   * Resolves once every consumer has handled every message published so far (none delivering,
   * none waiting). A consumer retrying a failing message keeps it pending: bound the wait.
   */
  settled(): Promise<void>;
}

interface Durable {
  options: ConsumeOptions;
  /** The store of the service that consumes: positions and dead letters. */
  state: InProcessStore;
  owner: object;
  running: boolean;
  dirty: boolean;
  stopped: boolean;
  /** Another consume took this durable's name: never acknowledge on its behalf. */
  replaced: boolean;
  wake?: () => void;
  idle?: Promise<void>;
}

const BATCH = 100;
const PRUNE_EVERY_MS = 3_600_000;

/** Creates the bus every service of the embedded process shares. */
export function createInProcessBus(options: InProcessBusOptions = {}): InProcessBus {
  const windowMs = options.duplicateWindowMs ?? BUS_DEFAULTS.duplicateWindowMs;
  const retentionMs = options.retentionMs ?? BUS_DEFAULTS.retentionMs;
  const streams = new Map<string, InProcessStore>();
  const lastPrune = new Map<string, number>();
  const durables = new Map<string, Durable>();
  let closed = false;

  const kickAll = () => {
    for (const d of durables.values()) queueMicrotask(() => pump(d));
  };

  function sleep(d: Durable, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      d.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  function pump(d: Durable): void {
    if (d.stopped || closed) return;
    if (d.running) {
      d.dirty = true;
      return;
    }
    d.running = true;
    d.idle = (async () => {
      let failed = false;
      try {
        do {
          d.dirty = false;
          for (const [name, stream] of streams) {
            if (!(await drain(d, name, stream))) return;
          }
        } while (d.dirty && !d.stopped);
      } catch {
        failed = true; // the store failed (its database is unreachable): try again shortly
      } finally {
        d.running = false;
      }
      if (failed && !d.stopped) {
        await sleep(d, 1000);
        pump(d);
      }
    })();
  }

  /** Delivers what `stream` holds for `d`; false when `d` stopped on the way. */
  async function drain(d: Durable, name: string, stream: InProcessStore): Promise<boolean> {
    const { durable, subject } = d.options;
    let position = await d.state.position(durable, name);
    for (;;) {
      const batch = await stream.read(position.acked, BATCH);
      if (batch.length === 0) return true;
      let unsaved = false;
      for (const m of batch) {
        if (d.stopped) return false;
        if (!subjectMatches(subject, m.subject) || isReplayForOther(m.headers, durable)) {
          position = { acked: m.seq, deliveringSeq: 0, deliveries: 0 };
          unsaved = true;
          continue;
        }
        if (!(await deliver(d, name, m, position))) return false;
        position = { acked: m.seq, deliveringSeq: 0, deliveries: 0 };
        unsaved = false;
      }
      if (unsaved && !d.replaced) await d.state.savePosition(durable, name, position);
    }
  }

  /** Delivers one message until acknowledged or dead-lettered; false when `d` stopped first. */
  async function deliver(d: Durable, name: string, m: StoredMessage, position: Position): Promise<boolean> {
    const { durable } = d.options;
    let deliveries = position.deliveringSeq === m.seq ? position.deliveries : 0;
    const ack = () => d.state.savePosition(durable, name, { acked: m.seq, deliveringSeq: 0, deliveries: 0 });
    for (;;) {
      if (d.stopped) return false;
      deliveries++;
      const message: BusMessage = {
        id: messageIdOf(m.headers, m.id),
        subject: m.subject,
        data: structuredClone(m.data),
        headers: { ...m.headers },
        deliveryCount: deliveries,
      };
      const gaveUp = exhausted(deliveries, d.options);
      if (gaveUp) {
        await deadLetter(d, { ...message, deliveryCount: deliveries - 1 }, gaveUp);
        await ack();
        return true;
      }
      // counted before the handler runs: a crash during it still counts as a delivery
      await d.state.savePosition(durable, name, { acked: position.acked, deliveringSeq: m.seq, deliveries });
      try {
        await withDeadline(
          tracedConsume(durable, message, () => d.options.handler(message)),
          handlerDeadline(d.options),
          `The handler of ${durable} for message ${message.id}`,
        );
        if (d.replaced) return false;
        await ack();
        return true;
      } catch (error) {
        if (d.replaced) return false;
        const outcome = afterFailure(error, deliveries, d.options);
        if ("deadLetter" in outcome) {
          await deadLetter(d, message, outcome.deadLetter);
          await ack();
          return true;
        }
        if (d.stopped) return false;
        await sleep(d, outcome.retryInMs);
      }
    }
  }

  async function deadLetter(d: Durable, message: BusMessage, reason: string): Promise<void> {
    await d.state.addDeadLetter({
      consumer: d.options.durable,
      reason,
      subject: message.subject,
      messageId: message.id,
      headers: message.headers,
      data: message.data,
      deliveryCount: message.deliveryCount,
      deadAt: new Date().toISOString(),
    });
  }

  async function stopDurable(d: Durable): Promise<void> {
    d.stopped = true;
    d.wake?.();
    await d.idle;
  }

  async function maybePrune(name: string, store: InProcessStore): Promise<void> {
    const now = Date.now();
    if (retentionMs <= 0 || now - (lastPrune.get(name) ?? 0) < PRUNE_EVERY_MS) return;
    lastPrune.set(name, now);
    await store.prune(new Date(now - retentionMs));
  }

  function handle(name: string, store: InProcessStore, onClose: () => void): Bus {
    const owner = {};
    const deadLetters: DeadLetters = {
      list: (filter = {}) => store.listDeadLetters(filter),
      get: (id) => store.getDeadLetter(id),
      delete: (id) => store.deleteDeadLetter(id),
      async replay(id) {
        const dead = await store.getDeadLetter(id);
        if (!dead) return undefined;
        const { wireId, headers } = replayOf(dead);
        await tracedPublish(dead.subject, wireId, headers, (traced) =>
          store.append({ id: wireId, subject: dead.subject, data: dead.data, headers: traced }, windowMs),
        );
        await store.deleteDeadLetter(id);
        kickAll();
        return dead;
      },
    };
    return {
      kind: "in-process",
      deadLetters,
      async publish(subject, data, opts) {
        assertSubject(subject);
        if (closed) throw new Error("The in-process bus is closed");
        // the stores keep values: pre-serialised JSON is parsed (as a consumer would)
        const value = data instanceof RawJson ? JSON.parse(data.text) : data;
        return tracedPublish(
          subject,
          opts.id,
          opts.headers ?? {},
          async (headers) => {
            const duplicate = await store.append({ id: opts.id, subject, data: value, headers }, windowMs);
            if (!duplicate) kickAll();
            await maybePrune(name, store);
            return { duplicate };
          },
          opts.traceContext,
        );
      },
      async consume(opts: ConsumeOptions): Promise<Subscription> {
        assertSubject(opts.subject, true);
        if (closed) throw new Error("The in-process bus is closed");
        const existing = durables.get(opts.durable);
        if (existing) {
          existing.replaced = true;
          existing.stopped = true;
          existing.wake?.();
        }
        const d: Durable = {
          options: opts,
          state: store,
          owner,
          running: false,
          dirty: false,
          stopped: false,
          replaced: false,
        };
        durables.set(opts.durable, d);
        pump(d);
        return {
          async stop() {
            // stays registered until idle, so a successor marks it replaced (no late acknowledgement)
            await stopDurable(d);
            if (durables.get(opts.durable) === d) durables.delete(opts.durable);
          },
        };
      },
      async ping() {
        if (closed) throw new Error("The in-process bus is closed");
      },
      async close() {
        const mine = [...durables.entries()].filter(([, d]) => d.owner === owner);
        for (const [key] of mine) durables.delete(key);
        await Promise.all(mine.map(([, d]) => stopDurable(d)));
        onClose();
      },
    };
  }

  // named per process: its sequence restarts at 1, so positions saved for an earlier one must not apply
  const memoryName = `memory-${crypto.randomUUID()}`;
  const memory = createMemoryStore();
  streams.set(memoryName, memory);
  const root = handle(memoryName, memory, () => {});
  return {
    ...root,
    async connect({ service, db }) {
      if (closed) throw new Error("The in-process bus is closed");
      const store = await createDatabaseStore(db);
      streams.set(service, store);
      kickAll();
      return handle(service, store, () => {
        if (streams.get(service) === store) streams.delete(service);
      });
    },
    async settled() {
      // a publish starts the consumers a microtask later: look once the current turn is over
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        const busy = [...durables.values()].filter((d) => d.running && !d.stopped);
        if (busy.length === 0) return;
        await Promise.all(busy.map((d) => d.idle));
      }
    },
    async close() {
      closed = true;
      const all = [...durables.values()];
      durables.clear();
      await Promise.all(all.map(stopDurable));
    },
  };
}

/**
 * The bus a service should use: its own durable connection when `bus` is the in-process bus,
 * `bus` itself otherwise (NATS is durable already).
 */
export async function forService(bus: Bus, options: ConnectOptions): Promise<Bus> {
  return "connect" in bus && typeof bus.connect === "function" ? (bus as InProcessBus).connect(options) : bus;
}
