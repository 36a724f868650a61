/**
 * The dead-letter stream for operators: list what consumers gave up on, replay a message to its
 * consumer, or delete it — as functions, and as Hono routes a service mounts.
 *
 * @example
 * app.route("/ops/dead-letters", deadLetterRoutes(ctx.bus));
 * // GET /ops/dead-letters?consumer=explore-listings · GET /ops/dead-letters/:id
 * // POST /ops/dead-letters/:id/replay · DELETE /ops/dead-letters/:id
 */
import { Hono } from "hono";
import { problem, problemResponse } from "../errors/index.ts";
import type { Bus, DeadLetter, DeadLetterFilter } from "./types.ts";

/** Dead letters, oldest first (optionally one consumer's, at most `limit`: 100). */
export function listDeadLetters(bus: Bus, filter: DeadLetterFilter = {}): Promise<DeadLetter[]> {
  return bus.deadLetters.list(filter);
}

/**
 * Publishes a dead letter's message again to its original subject, for its consumer only (other
 * consumers of the subject skip it), with its original id; then removes the dead letter.
 * Resolves undefined when there is no such dead letter.
 */
export function replayDeadLetter(bus: Bus, id: string): Promise<DeadLetter | undefined> {
  return bus.deadLetters.replay(id);
}

/** Removes a dead letter for good; resolves false when there was none. */
export function deleteDeadLetter(bus: Bus, id: string): Promise<boolean> {
  return bus.deadLetters.delete(id);
}

const notFound = (id: string, path: string) =>
  problemResponse(
    problem("not_found", `No dead letter with id "${id}": list them with GET /ops/dead-letters`, {
      instance: path,
    }),
  );

/** Operator routes over the bus's dead letters; mount them under `/ops/dead-letters`. */
export function deadLetterRoutes(bus: Bus): Hono {
  return new Hono()
    .get("/", async (c) => {
      const consumer = c.req.query("consumer") || undefined;
      const limitText = c.req.query("limit");
      const limit = limitText === undefined ? 100 : Number(limitText);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        return problemResponse(
          problem("validation_failed", `limit "${limitText}" must be a whole number from 1 to 1000`, {
            instance: c.req.path,
          }),
        );
      }
      return c.json({ items: await listDeadLetters(bus, { consumer, limit }) });
    })
    .get("/:id", async (c) => {
      const dead = await bus.deadLetters.get(c.req.param("id"));
      return dead ? c.json(dead) : notFound(c.req.param("id"), c.req.path);
    })
    .post("/:id/replay", async (c) => {
      const dead = await replayDeadLetter(bus, c.req.param("id"));
      return dead ? c.json({ replayed: dead }, 202) : notFound(c.req.param("id"), c.req.path);
    })
    .delete("/:id", async (c) => {
      return (await deleteDeadLetter(bus, c.req.param("id")))
        ? c.body(null, 204)
        : notFound(c.req.param("id"), c.req.path);
    });
}
