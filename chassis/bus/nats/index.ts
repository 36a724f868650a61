/**
 * The NATS JetStream bus of the distributed mode: a stream per domain, publishes de-duplicated
 * by `Nats-Msg-Id`, durable pull consumers with explicit ack, redelivery with backoff (a `nak`
 * with the delay), and a dead-letter stream for what a consumer gives up on.
 */
import { AckPolicy, DeliverPolicy, type JsMsg, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { withDeadline } from "../deadline.ts";
import { afterFailure, exhausted, isReplayForOther, messageIdOf } from "../delivery.ts";
import { assertSubject } from "../subjects.ts";
import { tracedConsume, tracedPublish } from "../traced.ts";
import type { Bus, BusMessage, ConsumeOptions, PublishOptions, Subscription } from "../types.ts";
import { BUS_DEFAULTS, handlerDeadline, jsonText } from "../types.ts";
import { consumeLoop, settle } from "./consume-loop.ts";
import { natsDeadLetters } from "./dead-letters.ts";
import { pubAcks } from "./pub-acks.ts";
import { DLQ_TOKEN, domainOf, ensureStream, streamNames, toNanos } from "./streams.ts";

export interface NatsBusOptions {
  url: string;
  /** The base name of this deployment's streams (`TESSERA` → `TESSERA_CATALOG`, …, `TESSERA_DLQ`). */
  stream: string;
  /** Prefix of every subject on the wire, so deployments (and test runs) never meet. */
  prefix: string;
  /** A name for the connection, shown by the server's monitoring. */
  name?: string;
  /** How long the domain streams keep messages (0: for ever, the default; read models replay them). */
  retentionMs?: number;
  /** Pause between reconnection attempts (1 s). */
  reconnectTimeWaitMs?: number;
}

/** Connects to NATS and makes sure the dead-letter stream exists; rejects with a clear message when NATS is down. */
export async function connectNatsBus(options: NatsBusOptions): Promise<Bus> {
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: options.url,
      name: options.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: options.reconnectTimeWaitMs ?? 1000,
      timeout: 5000,
    });
  } catch (error) {
    throw new Error(`Cannot reach NATS at ${options.url} (NATS_URL): ${(error as Error).message}`);
  }
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const names = streamNames(options.stream);
  const wire = (subject: string) => `${options.prefix}.${subject}`;
  const logical = (subject: string) => subject.slice(options.prefix.length + 1);
  const dlqSubject = (durable: string) => wire(`${DLQ_TOKEN}.${durable}`);
  await ensureStream(jsm, { name: names.dlq, subjects: [wire(`${DLQ_TOKEN}.>`)] });

  const ensured = new Map<string, Promise<string>>();
  /** The stream of `subject`'s domain, created on first use. */
  function streamFor(subject: string): Promise<string> {
    const domain = domainOf(subject);
    let pending = ensured.get(domain);
    if (!pending) {
      const name = names.forDomain(domain);
      pending = ensureStream(jsm, {
        name,
        subjects: [wire(domain), wire(`${domain}.>`)],
        max_age: toNanos(options.retentionMs ?? BUS_DEFAULTS.retentionMs),
      }).then(() => name);
      pending.catch(() => ensured.delete(domain));
      ensured.set(domain, pending);
    }
    return pending;
  }

  const acks = pubAcks(nc);
  async function rawPublish(subject: string, data: unknown, id: string, headers: Record<string, string>) {
    await streamFor(subject);
    try {
      return await acks.publish(wire(subject), jsonText(data), id, headers);
    } catch (error) {
      // the stream may be gone (a broker that lost its store): make sure of it again next time
      ensured.delete(domainOf(subject));
      throw error;
    }
  }

  const subscriptions = new Set<Subscription>();

  return {
    kind: "nats",
    deadLetters: natsDeadLetters({ jsm, stream: names.dlq, dlqSubject, publish: rawPublish }),
    async publish(subject: string, data: unknown, opts: PublishOptions) {
      assertSubject(subject);
      domainOf(subject);
      return tracedPublish(
        subject,
        opts.id,
        opts.headers ?? {},
        (headers) => rawPublish(subject, data, opts.id, headers),
        opts.traceContext,
      );
    },
    async consume(opts: ConsumeOptions): Promise<Subscription> {
      assertSubject(opts.subject, true);
      const stream = await streamFor(opts.subject);
      const ackWait = toNanos(opts.ackWaitMs ?? BUS_DEFAULTS.ackWaitMs);
      // The server redelivers without limit; this client dead-letters at maxDeliver, so a
      // message whose consumer died on its last delivery is not stranded.
      async function ensureConsumer(): Promise<void> {
        const existing = await jsm.consumers.info(stream, opts.durable).catch(() => undefined);
        if (!existing) {
          await jsm.consumers.add(stream, {
            durable_name: opts.durable,
            ack_policy: AckPolicy.Explicit,
            deliver_policy: DeliverPolicy.All,
            filter_subject: wire(opts.subject),
            max_deliver: -1,
            ack_wait: ackWait,
          });
        } else if (existing.config.filter_subject !== wire(opts.subject)) {
          throw new Error(
            `The durable consumer "${opts.durable}" already reads "${existing.config.filter_subject}", not "${wire(opts.subject)}": give the new subject a new durable name`,
          );
        } else if (existing.config.ack_wait !== ackWait || existing.config.max_deliver !== -1) {
          await jsm.consumers.update(stream, opts.durable, { ack_wait: ackWait, max_deliver: -1 });
        }
      }
      await ensureConsumer();
      const consumer = await js.consumers.get(stream, opts.durable);
      // short pulls: a lost consumer is noticed (and recreated) within seconds
      const messages = await consumer.consume({ max_messages: 64, expires: 5000 });
      const concurrency = Math.max(1, opts.concurrency ?? 1);
      const deadline = handlerDeadline(opts);
      // never rejects: handle() settles every outcome itself, and a message it could not settle
      // (a closed connection) is redelivered by the server after the ack wait
      const loop = consumeLoop(messages, concurrency, handle);
      // a broker that lost its store forgets the stream and the consumer: create them again
      void (async () => {
        for await (const status of messages.status()) {
          if (!["consumer_not_found", "stream_not_found", "consumer_deleted"].includes(status.type)) continue;
          ensured.delete(domainOf(opts.subject));
          await streamFor(opts.subject)
            .then(ensureConsumer)
            .catch(() => {}); // next notification tries again
        }
      })().catch(() => {}); // the status feed ends with the subscription; nothing in it may reject unobserved

      async function deadLetter(m: JsMsg, message: BusMessage, reason: string): Promise<void> {
        const envelope = {
          consumer: opts.durable,
          reason,
          subject: message.subject,
          messageId: message.id,
          headers: message.headers,
          data: message.data,
          deliveryCount: message.deliveryCount,
          deadAt: new Date().toISOString(),
        };
        try {
          await js.publish(dlqSubject(opts.durable), JSON.stringify(envelope), {
            msgID: `dlq.${opts.durable}.${m.info.stream}.${m.seq}`,
          });
        } catch {
          settle(m, { nak: 1000 }); // the dead-letter stream is unreachable: keep the message, try again
          return;
        }
        settle(m, { term: reason.slice(0, 200) });
      }

      async function handle(m: JsMsg): Promise<void> {
        const headers: Record<string, string> = {};
        // one pass over the decoded headers (get() would search the keys once per key)
        for (const [key, values] of m.headers ?? []) headers[key] = values[0] ?? "";
        if (isReplayForOther(headers, opts.durable)) {
          settle(m, { ack: true });
          return;
        }
        const message: BusMessage = {
          id: messageIdOf(headers, headers["Nats-Msg-Id"] ?? `${m.info.stream}:${m.seq}`),
          subject: logical(m.subject),
          data: undefined,
          headers,
          deliveryCount: m.info.deliveryCount,
        };
        const gaveUp = exhausted(message.deliveryCount, opts);
        if (gaveUp) {
          message.data = parseData(m);
          return deadLetter(m, { ...message, deliveryCount: message.deliveryCount - 1 }, gaveUp);
        }
        try {
          message.data = m.json();
        } catch {
          message.data = m.string();
          return deadLetter(m, message, "rejected: the message body is not JSON");
        }
        try {
          await withDeadline(
            tracedConsume(opts.durable, message, () => opts.handler(message)),
            deadline,
            `The handler of ${opts.durable} for message ${message.id}`,
          );
        } catch (error) {
          const outcome = afterFailure(error, message.deliveryCount, opts);
          if ("deadLetter" in outcome) await deadLetter(m, message, outcome.deadLetter);
          else settle(m, { nak: outcome.retryInMs });
          return;
        }
        settle(m, { ack: true });
      }

      const subscription: Subscription = {
        async stop() {
          subscriptions.delete(subscription);
          await messages.close();
          await loop;
        },
      };
      subscriptions.add(subscription);
      return subscription;
    },
    async ping() {
      if (nc.isClosed()) throw new Error("NATS connection closed");
      await nc.flush();
    },
    async close() {
      await Promise.all([...subscriptions].map((s) => s.stop()));
      await nc.drain().catch(() => nc.close());
    },
  };
}

function parseData(m: JsMsg): unknown {
  try {
    return m.json();
  } catch {
    return m.string();
  }
}
