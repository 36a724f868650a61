import { afterAll, beforeAll } from "bun:test";
import { type TestAccess, testAccess } from "@tessera/chassis/access/testing";
import { describeOpenApi } from "@tessera/chassis/openapi/testing";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { ops } from "./app.ts";
import { exceptionEvents, exceptionGroups, logLines, spans } from "./db/schema.ts";

let service: BuiltService;
let access: TestAccess;
beforeAll(async () => {
  access = await testAccess();
  service = await buildService(ops, { env: { LOG_LEVEL: "silent", ...access.env }, inMemory: true });
}, 60_000);
afterAll(() => service.close());

describeOpenApi({
  service: "ops",
  subject: () => ({ app: service.app, db: service.ctx.database.db }),
  tables: [logLines, spans, exceptionGroups, exceptionEvents],
  probe: async () => ({
    pathValues: { traceId: "0af7651916cd43dd8448eb211c80319c", fingerprint: "0123456789abcdef" },
    // the routes under /ops/ answer operators only (the probe must reach their validation)
    headers: await access.as("operator-1", "ops", { roles: ["operator"] }),
  }),
  reaches: [
    "POST /ingest/exceptions body.kind",
    "POST /ingest/exceptions body.message",
    "POST /v1/traces body.resourceSpans",
    "GET /ops/api/logs query.level",
    "GET /ops/api/logs query.trace_id",
    "GET /ops/api/traces/{traceId} path.traceId",
    "GET /ops/api/exceptions/{fingerprint} path.fingerprint",
  ],
});
