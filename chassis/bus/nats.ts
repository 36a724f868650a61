/**
 * The NATS JetStream bus of the distributed mode: one stream for the deployment's subjects,
 * publishes de-duplicated by `Nats-Msg-Id`, durable pull consumers with explicit ack and
 * redelivery with backoff.
 */
import { AckPolicy, DeliverPolicy, type JsMsg, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection, headers as natsHeaders } from "@nats-io/transport-node";
import { assertSubject } from "./subjects.ts";
import { tracedConsume, tracedPublish } from "./traced.ts";
import type { Bus, BusMessage, ConsumeOptions, PublishOptions, Subscription } from "./types.ts";
import { redeliveryDelay } from "./types.ts";

export interface NatsBusOptions {
  url: string;
  /** The JetStream stream holding this deployment's messages. */
  stream: string;
  /** Prefix of every subject on the wire, so deployments (and test runs) never meet. */
  prefix: string;
  /** A name for the connection, shown by the server's monitoring. */
  name?: string;
}

const NANOS_PER_MS = 1_000_000;

/** Connects to NATS and makes sure the stream exists; rejects with a clear message when NATS is down. */
export async function connectNatsBus(options: NatsBusOptions): Promise<Bus> {
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: options.url, name: options.name, maxReconnectAttempts: -1, timeout: 5000 });
  } catch (error) {
    throw new Error(`Cannot reach NATS at ${options.url} (NATS_URL): ${(error as Error).message}`);
  }
  const jsm = await jetstreamManager(nc);
  const subjects = [`${options.prefix}.>`];
  const streamConfig = {
    name: options.stream,
    subjects,
    duplicate_window: 2 * 60 * 1000 * NANOS_PER_MS,
  };
  try {
    await jsm.streams.info(options.stream);
    await jsm.streams.update(options.stream, { subjects, duplicate_window: streamConfig.duplicate_window });
  } catch {
    await jsm.streams.add(streamConfig).catch(async (error: Error) => {
      // another instance may have created it between our two calls
      await jsm.streams.info(options.stream).catch(() => Promise.reject(error));
    });
  }
  const js = jetstream(nc);
  const wire = (subject: string) => `${options.prefix}.${subject}`;
  const logical = (subject: string) => subject.slice(options.prefix.length + 1);
  const subscriptions = new Set<Subscription>();

  return {
    kind: "nats",
    async publish(subject: string, data: unknown, opts: PublishOptions) {
      assertSubject(subject);
      return tracedPublish(subject, opts.id, opts.headers ?? {}, async (headers) => {
        const h = natsHeaders();
        for (const [key, value] of Object.entries(headers)) h.set(key, value);
        const ack = await js.publish(wire(subject), JSON.stringify(data), { msgID: opts.id, headers: h });
        return { duplicate: ack.duplicate };
      });
    },
    async consume(opts: ConsumeOptions): Promise<Subscription> {
      assertSubject(opts.subject, true);
      const maxDeliver = opts.maxDeliver ?? 10;
      await jsm.consumers.add(options.stream, {
        durable_name: opts.durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: wire(opts.subject),
        max_deliver: maxDeliver,
        ack_wait: 30_000 * NANOS_PER_MS,
      });
      const consumer = await js.consumers.get(options.stream, opts.durable);
      const messages = await consumer.consume({ max_messages: 64 });
      const loop = (async () => {
        for await (const m of messages) await handle(m);
      })();
      async function handle(m: JsMsg): Promise<void> {
        const headers: Record<string, string> = {};
        for (const key of m.headers?.keys() ?? []) headers[key] = m.headers?.get(key) ?? "";
        const message: BusMessage = {
          id: headers["Nats-Msg-Id"] ?? `${m.info.stream}:${m.seq}`,
          subject: logical(m.subject),
          data: m.json(),
          headers,
          deliveryCount: m.info.deliveryCount,
        };
        try {
          await tracedConsume(opts.durable, message, () => opts.handler(message));
          m.ack();
        } catch {
          if (message.deliveryCount >= maxDeliver) m.term("handler failed on every delivery");
          else m.nak(redeliveryDelay(message.deliveryCount));
        }
      }
      const subscription: Subscription = {
        async stop() {
          subscriptions.delete(subscription);
          await messages.close();
          await loop.catch(() => {});
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
      await nc.drain();
    },
  };
}
