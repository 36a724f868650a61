/**
 * The composer's release routes: `GET /_tessera/releases` (the state it renders with, what the
 * `tessera` CLI waits on after a change) and the ops page `GET /ops/deployments`.
 */
import { currentTraceIds } from "@tessera/chassis/trace";
import { Hono } from "hono";
import { deploymentsPage } from "../pages/deployments.ts";
import type { ReleaseView } from "./view.ts";

/** How many log entries the ops page shows. */
const LOG_LIMIT = 200;

export function releaseRoutes(view: ReleaseView): Hono {
  return new Hono()
    .get("/_tessera/releases", (c) => c.json(view.state(), 200, { "cache-control": "no-store" }))
    .get("/ops/deployments", async () =>
      deploymentsPage(
        view.state(),
        await view.store.entries({ limit: LOG_LIMIT }),
        currentTraceIds()?.trace_id ?? "",
      ),
    );
}
