import { describe, expect, test } from "bun:test";
import { eventually } from "./conformance.ts";
import { deadLetterRoutes, listDeadLetters } from "./dead-letters.ts";
import { createInProcessBus } from "./in-process/index.ts";
import { MessageRejected } from "./types.ts";

/** A bus whose consumer `orders` rejects messages until `fixed`, and one dead letter in it. */
async function withDeadLetter() {
  const bus = createInProcessBus();
  const state = { fixed: false, handled: [] as string[] };
  await bus.consume({
    durable: "orders",
    subject: "checkout.order-placed",
    handler: async (m) => {
      if (!state.fixed) throw new MessageRejected("orderId: expected a string");
      state.handled.push(m.id);
    },
  });
  await bus.publish("checkout.order-placed", { orderId: 1 }, { id: "o-1" });
  await eventually(async () => (await listDeadLetters(bus)).length === 1, 5000, "the dead letter");
  const [dead] = await listDeadLetters(bus);
  return { bus, state, app: deadLetterRoutes(bus), id: dead?.id ?? "" };
}

describe("deadLetterRoutes()", () => {
  test("GET / - lists the dead letters, filtered by consumer; a bad limit is a 422 naming it", async () => {
    const { bus, app } = await withDeadLetter();
    const all = await (await app.request("/")).json();
    expect(all.items).toHaveLength(1);
    expect(all.items[0]).toMatchObject({
      consumer: "orders",
      subject: "checkout.order-placed",
      messageId: "o-1",
      reason: "rejected: orderId: expected a string",
      data: { orderId: 1 },
    });
    expect((await (await app.request("/?consumer=other")).json()).items).toEqual([]);
    const bad = await app.request("/?limit=lots");
    expect(bad.status).toBe(422);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    expect((await bad.json()).detail).toContain('"lots"');
    await bus.close();
  });

  test("GET /:id - shows one dead letter; an unknown id is a 404 problem", async () => {
    const { bus, app, id } = await withDeadLetter();
    expect(await (await app.request(`/${id}`)).json()).toMatchObject({ id, messageId: "o-1" });
    const missing = await app.request("/999");
    expect(missing.status).toBe(404);
    expect((await missing.json()).detail).toContain('"999"');
    await bus.close();
  });

  test("POST /:id/replay - delivers the message to its consumer again and removes the dead letter", async () => {
    const { bus, app, id, state } = await withDeadLetter();
    state.fixed = true;
    const replayed = await app.request(`/${id}/replay`, { method: "POST" });
    expect(replayed.status).toBe(202);
    await eventually(() => state.handled.length === 1, 5000, "the replayed delivery");
    expect(state.handled).toEqual(["o-1"]);
    expect((await (await app.request("/")).json()).items).toEqual([]);
    expect((await app.request(`/${id}/replay`, { method: "POST" })).status).toBe(404);
    await bus.close();
  });

  test("DELETE /:id - removes the dead letter; a second delete is a 404", async () => {
    const { bus, app, id } = await withDeadLetter();
    expect((await app.request(`/${id}`, { method: "DELETE" })).status).toBe(204);
    expect((await app.request(`/${id}`, { method: "DELETE" })).status).toBe(404);
    expect(await listDeadLetters(bus)).toEqual([]);
    await bus.close();
  });
});
