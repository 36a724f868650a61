/**
 * The dead-letter stream on JetStream: one message per dead letter on `<prefix>._dlq.<durable>`,
 * its body the original message with why and by whom it was given up. A dead letter's id is its
 * sequence in that stream.
 */
import type { JetStreamManager, StoredMsg } from "@nats-io/jetstream";
import { replayOf } from "../delivery.ts";
import { tracedPublish } from "../traced.ts";
import type { DeadLetter, DeadLetters } from "../types.ts";

export interface NatsDeadLettersOptions {
  jsm: JetStreamManager;
  /** The dead-letter stream's name. */
  stream: string;
  /** The wire subject of a consumer's dead letters. */
  dlqSubject: (durable: string) => string;
  /** Publishes on a logical subject with a wire id and headers. */
  publish: (subject: string, data: unknown, id: string, headers: Record<string, string>) => Promise<unknown>;
}

export function natsDeadLetters(options: NatsDeadLettersOptions): DeadLetters {
  const { jsm, stream } = options;
  const seqOf = (id: string) => (/^\d{1,15}$/.test(id) ? Number(id) : undefined);
  const toDeadLetter = (sm: StoredMsg): DeadLetter => ({
    ...sm.json<Omit<DeadLetter, "id">>(),
    id: String(sm.seq),
  });

  async function get(id: string): Promise<DeadLetter | undefined> {
    const seq = seqOf(id);
    if (seq === undefined) return undefined;
    const sm = await jsm.streams.getMessage(stream, { seq });
    return sm ? toDeadLetter(sm) : undefined;
  }

  async function remove(id: string): Promise<boolean> {
    const seq = seqOf(id);
    if (seq === undefined) return false;
    return jsm.streams.deleteMessage(stream, seq).catch(() => false);
  }

  return {
    get,
    delete: remove,
    async list(filter = {}) {
      const limit = filter.limit ?? 100;
      const subject = filter.consumer ? options.dlqSubject(filter.consumer) : undefined;
      const { state } = await jsm.streams.info(stream);
      const out: DeadLetter[] = [];
      if (state.messages === 0) return out;
      for (let seq = state.first_seq; seq <= state.last_seq && out.length < limit; seq++) {
        const sm = await jsm.streams.getMessage(stream, { seq });
        if (sm && (!subject || sm.subject === subject)) out.push(toDeadLetter(sm));
      }
      return out;
    },
    async replay(id) {
      const dead = await get(id);
      if (!dead) return undefined;
      const { wireId, headers } = replayOf(dead);
      await tracedPublish(dead.subject, wireId, headers, (traced) =>
        options.publish(dead.subject, dead.data, wireId, traced),
      );
      await remove(id);
      return dead;
    },
  };
}
