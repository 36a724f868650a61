/**
 * Operator endpoints: `POST /ops/rebuild-listings` empties the listing read model and replays
 * `catalog.product-changed` from the start of the stream under a new durable consumer. It answers
 * 202 at once: the listing fills again as the replay proceeds.
 */

import { Hono } from "hono";
import type { ListingFeed } from "../events/listing-feed.ts";

export function opsRoutes(feed: ListingFeed): Hono {
  return new Hono().post("/rebuild-listings", async (c) => {
    const { consumer } = await feed.rebuild();
    return c.json({ status: "rebuilding", readModel: "listings", consumer }, 202);
  });
}
