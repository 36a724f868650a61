/** JetStream publishes with their PubAcks matched by the bus, against the real NATS server (NATS_URL). */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { TEST_NATS_URL } from "../../../scripts/prerequisites.ts";
import { pubAcks } from "./pub-acks.ts";

const runId = `p${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;

const stream = `PUBACKS_${runId.toUpperCase()}`;
const subject = `${runId}.pubacks`;
let nc: NatsConnection;

beforeAll(async () => {
  nc = await connect({ servers: TEST_NATS_URL });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({ name: stream, subjects: [`${subject}.>`] });
});
afterAll(async () => {
  await (await jetstreamManager(nc)).streams.delete(stream);
  await nc.close();
});

describe("PubAcks matched by the bus", () => {
  test("each publish resolves with its own PubAck; an id published again is a duplicate", async () => {
    const acks = pubAcks(nc);
    const ids = Array.from({ length: 200 }, (_, i) => `${runId}-${i}`);
    const first = await Promise.all(
      ids.map((id) => acks.publish(`${subject}.a`, `{"n":1}`, id, { traceparent: "x" })),
    );
    expect(first.every((a) => !a.duplicate)).toBe(true);
    const again = await Promise.all(
      ids.map((id, i) => acks.publish(`${subject}.a`, "{}", i % 2 ? id : `${id}-new`, {})),
    );
    expect(again.map((a) => a.duplicate)).toEqual(ids.map((_, i) => i % 2 === 1));
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(stream);
    expect(info.state.messages).toBe(300);
    const stored = await jsm.streams.getMessage(stream, { seq: 1 });
    expect(stored?.header.get("Nats-Msg-Id")).toBe(`${runId}-0`);
    expect(stored?.header.get("traceparent")).toBe("x");
    expect(stored?.json()).toEqual({ n: 1 });
  });

  test("a subject no stream takes - rejects (no responders)", async () => {
    await expect(pubAcks(nc).publish(`${runId}.nowhere`, "{}", "n1", {})).rejects.toThrow(
      /no stream takes it/,
    );
  });

  test("a header NATS cannot carry - rejects before anything is sent", async () => {
    const acks = pubAcks(nc);
    await expect(acks.publish(`${subject}.a`, "{}", "h1", { "bad key": "v" })).rejects.toThrow(/header name/);
    await expect(acks.publish(`${subject}.a`, "{}", "h2", { k: "a\r\nb" })).rejects.toThrow(/\\r or \\n/);
  });

  test("an answer that never comes - rejects after the timeout", async () => {
    // a plain subscriber, not JetStream: it takes the message and never answers
    const silent = nc.subscribe(`${runId}.silent`);
    const started = Date.now();
    await expect(pubAcks(nc, 300).publish(`${runId}.silent`, "{}", "t1", {})).rejects.toThrow(
      /within 300 ms/,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    silent.unsubscribe();
  });

  test("a closed connection - rejects what waits and what comes after", async () => {
    const own = await connect({ servers: TEST_NATS_URL });
    const acks = pubAcks(own);
    own.subscribe(`${runId}.silent2`); // takes the message, never answers
    const waiting = acks.publish(`${runId}.silent2`, "{}", "c1", {});
    await own.close();
    await expect(waiting).rejects.toThrow(/closed/);
    await expect(acks.publish(`${subject}.a`, "{}", "c2", {})).rejects.toThrow();
  });
});
