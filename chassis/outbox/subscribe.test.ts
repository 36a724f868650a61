import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { type BusMessage, MessageRejected } from "../bus/index.ts";
import { parseMessage } from "./subscribe.ts";

const Event = z.object({ type: z.literal("Thing"), version: z.literal(1), qty: z.number().int() });
const message = (data: unknown): BusMessage => ({
  id: "m-1",
  subject: "things.changed",
  data,
  headers: {},
  deliveryCount: 1,
});

describe("parseMessage()", () => {
  test("a message matching the schema - gives the typed event", () => {
    expect(parseMessage(Event, message({ type: "Thing", version: 1, qty: 2 }))).toEqual({
      type: "Thing",
      version: 1,
      qty: 2,
    });
  });

  test("a message of another version with a bad field - is rejected, naming the message and each bad field", () => {
    const parse = () => parseMessage(Event, message({ type: "Thing", version: 2, qty: "two" }));
    expect(parse).toThrow(MessageRejected);
    expect(parse).toThrow(/^things\.changed m-1 does not match its schema: version: .+; qty: .+$/);
  });

  test("a message that is not an object - is rejected at the message itself", () => {
    expect(() => parseMessage(Event, message("hello"))).toThrow(/\(message\): /);
  });
});
