/**
 * The in-process bus of the embedded mode: the same contract as JetStream on one process.
 * Messages are kept in a log, each durable consumer reads it from its own cursor in order,
 * a failed handler is retried with backoff, and a publish with a known id is dropped.
 */

import { assertSubject, subjectMatches } from "./subjects.ts";
import { tracedConsume, tracedPublish } from "./traced.ts";
import type { Bus, BusMessage, ConsumeOptions, PublishOptions, Subscription } from "./types.ts";
import { redeliveryDelay } from "./types.ts";

interface Stored {
  id: string;
  subject: string;
  data: unknown;
  headers: Record<string, string>;
}

interface Durable {
  options: ConsumeOptions;
  cursor: number;
  running: boolean;
  stopped: boolean;
  timer?: ReturnType<typeof setTimeout>;
  idle?: Promise<void>;
}

export interface InProcessBusOptions {
  /** Messages kept for consumers that subscribe later (the stream's retention). */
  retain?: number;
  /** Called when a message exhausts its deliveries. */
  onGiveUp?: (message: BusMessage, error: unknown) => void;
}

/** A bus inside one process, shared by every service of the embedded mode. */
export function createInProcessBus(options: InProcessBusOptions = {}): Bus {
  const retain = options.retain ?? 100_000;
  const log: Stored[] = [];
  let offset = 0; // sequence of log[0]
  const ids = new Set<string>();
  const durables = new Map<string, Durable>();
  let closed = false;

  function pump(d: Durable): void {
    if (d.running || d.stopped) return;
    d.running = true;
    d.idle = (async () => {
      try {
        while (!d.stopped && d.cursor < offset + log.length) {
          const stored = log[Math.max(0, d.cursor - offset)];
          if (!stored) break;
          if (!subjectMatches(d.options.subject, stored.subject)) {
            d.cursor++;
            continue;
          }
          const delivered = await deliver(d, stored);
          if (!delivered) return; // retry scheduled
          d.cursor++;
        }
      } finally {
        d.running = false;
      }
    })();
  }

  async function deliver(d: Durable, stored: Stored, attempt = 1): Promise<boolean> {
    const message: BusMessage = { ...stored, headers: { ...stored.headers }, deliveryCount: attempt };
    try {
      await tracedConsume(d.options.durable, message, () => d.options.handler(message));
      return true;
    } catch (error) {
      if (attempt >= (d.options.maxDeliver ?? 10)) {
        options.onGiveUp?.(message, error);
        return true;
      }
      await new Promise((resolve) => {
        d.timer = setTimeout(resolve, redeliveryDelay(attempt));
      });
      if (d.stopped) return false;
      return deliver(d, stored, attempt + 1);
    }
  }

  return {
    kind: "in-process",
    async publish(subject: string, data: unknown, opts: PublishOptions) {
      assertSubject(subject);
      if (closed) throw new Error("The in-process bus is closed");
      return tracedPublish(subject, opts.id, opts.headers ?? {}, async (headers) => {
        if (ids.has(opts.id)) return { duplicate: true };
        ids.add(opts.id);
        log.push({ id: opts.id, subject, data: structuredClone(data), headers });
        if (log.length > retain) {
          const dropped = log.shift();
          if (dropped) ids.delete(dropped.id);
          offset++;
        }
        for (const d of durables.values()) queueMicrotask(() => pump(d));
        return { duplicate: false };
      });
    },
    async consume(opts: ConsumeOptions): Promise<Subscription> {
      assertSubject(opts.subject, true);
      const existing = durables.get(opts.durable);
      const d: Durable = {
        options: opts,
        cursor: existing?.cursor ?? offset,
        running: false,
        stopped: false,
      };
      if (existing) existing.stopped = true;
      durables.set(opts.durable, d);
      pump(d);
      return {
        async stop() {
          d.stopped = true;
          clearTimeout(d.timer);
          await d.idle;
        },
      };
    },
    async ping() {
      if (closed) throw new Error("The in-process bus is closed");
    },
    async close() {
      closed = true;
      await Promise.all(
        [...durables.values()].map(async (d) => {
          d.stopped = true;
          clearTimeout(d.timer);
          await d.idle;
        }),
      );
    },
  };
}
