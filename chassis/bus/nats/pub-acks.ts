/**
 * JetStream publishes with their PubAcks matched here, not by a request each. `js.publish` is a
 * `nc.request` per message: a token, two `Error`s with stack traces (kept for async traces), a
 * timer and a deferred each, its headers built through `MsgHdrs` (a key canonicalised, a lookup
 * to delete it first), a decoder per ack. Here a message goes out with `nc.publish` and a reply
 * subject under one inbox of this connection (a counter as its token), one subscription takes
 * every PubAck, and one sweep timer (running only while acks are awaited) fails those not
 * answered in time. The guarantee is the same: a publish resolves only once JetStream stored the
 * message (or dropped it as a duplicate of its `Nats-Msg-Id`), and rejects otherwise.
 */
import { createInbox, type Msg, type MsgHdrs, type NatsConnection } from "@nats-io/transport-node";

export interface PubAck {
  duplicate: boolean;
}

export interface PubAcks {
  /** Publishes `data` to `subject` with `id` as its `Nats-Msg-Id`; resolves with JetStream's PubAck. */
  publish(subject: string, data: string, id: string, headers: Record<string, string>): Promise<PubAck>;
}

interface Waiting {
  subject: string;
  deadline: number;
  resolve: (ack: PubAck) => void;
  reject: (error: Error) => void;
}

/** A header name as NATS accepts it: printable ASCII but the colon. */
const HEADER_NAME = /^[!-9;-~]+$/;
const LINE_BREAK = /[\r\n]/;
const encoder = new TextEncoder();

/**
 * Headers written straight into their wire form (what `MsgHdrs.encode()` would give for the same
 * keys in the same order): the one method the publish path of nats-core calls on them.
 */
function wireHeaders(id: string, headers: Record<string, string>): MsgHdrs {
  let text = `NATS/1.0\r\nNats-Msg-Id: ${checked("Nats-Msg-Id", id)}`;
  for (const key in headers) text += `\r\n${key}: ${checked(key, headers[key] as string)}`;
  const bytes = encoder.encode(`${text}\r\n\r\n`);
  return { encode: () => bytes } as unknown as MsgHdrs;
}

/** `value` trimmed, as `MsgHdrs` stores it; throws for what it would refuse. */
function checked(key: string, value: string): string {
  if (!HEADER_NAME.test(key)) throw new Error(`"${key}" is not a valid NATS header name`);
  if (LINE_BREAK.test(value)) throw new Error(`The NATS header ${key} cannot contain \\r or \\n`);
  return value.trim();
}

/** PubAcks for the publishes of `nc`, each awaited at most `timeoutMs` (5 s, as `js.publish`). */
export function pubAcks(nc: NatsConnection, timeoutMs = 5000): PubAcks {
  const inbox = `${createInbox()}.`;
  const waiting = new Map<string, Waiting>();
  let next = 0;
  let sweeper: ReturnType<typeof setTimeout> | undefined;

  function failAll(error: Error): void {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  }

  function answer(m: Msg): void {
    const token = m.subject.slice(inbox.length);
    const w = waiting.get(token);
    if (!w) return; // answered after its deadline: already failed
    waiting.delete(token);
    if (m.data.length === 0) {
      const status = m.headers?.code === 503 ? "no stream takes it (no responders)" : "an empty answer";
      w.reject(new Error(`JetStream publish to ${w.subject}: ${status}`));
      return;
    }
    let ack: {
      stream?: string;
      duplicate?: boolean;
      error?: { code: number; err_code?: number; description: string };
    };
    try {
      ack = m.json();
    } catch {
      w.reject(new Error(`JetStream publish to ${w.subject}: the PubAck is not JSON`));
      return;
    }
    if (ack.error) {
      const { description, code, err_code } = ack.error;
      w.reject(
        new Error(`JetStream refused the publish to ${w.subject}: ${description} (${code}/${err_code})`),
      );
    } else if (!ack.stream) w.reject(new Error(`JetStream publish to ${w.subject}: invalid ack response`));
    else w.resolve({ duplicate: ack.duplicate === true });
  }

  let subscription: ReturnType<NatsConnection["subscribe"]> | undefined;
  /** The inbox subscription, made again if it ended (a permission error closes it). */
  function listen(): void {
    if (subscription && !subscription.isClosed()) return;
    subscription = nc.subscribe(`${inbox}*`, {
      callback: (error, m) => {
        if (error) failAll(error);
        else answer(m);
      },
    });
  }
  void nc.closed().then(() => failAll(new Error("The NATS connection is closed")));

  /** Fails the acks past their deadline; runs only while some are awaited. */
  function sweep(): void {
    sweeper = undefined;
    const now = Date.now();
    // a Map iterates in insertion order, which is deadline order: stop at the first still in time
    for (const [token, w] of waiting) {
      if (w.deadline > now) break;
      waiting.delete(token);
      w.reject(new Error(`No PubAck from JetStream for ${w.subject} within ${timeoutMs} ms`));
    }
    if (waiting.size > 0) arm();
  }
  function arm(): void {
    if (sweeper) return;
    sweeper = setTimeout(sweep, Math.min(1000, timeoutMs));
    sweeper.unref?.();
  }

  return {
    publish(subject, data, id, headers) {
      return new Promise<PubAck>((resolve, reject) => {
        const token = (next++).toString(36);
        try {
          listen();
          const wire = wireHeaders(id, headers);
          waiting.set(token, { subject, deadline: Date.now() + timeoutMs, resolve, reject });
          nc.publish(subject, data, { reply: inbox + token, headers: wire });
          arm();
        } catch (error) {
          waiting.delete(token);
          reject(error as Error); // a closed connection, a payload over the limit, a bad header
        }
      });
    },
  };
}
