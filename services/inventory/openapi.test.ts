import { afterAll, beforeAll } from "bun:test";
import { describeOpenApi } from "@tessera/chassis/openapi/testing";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { inventory } from "./app.ts";
import { outbox, stock } from "./db/schema.ts";

let service: BuiltService;
beforeAll(async () => {
  service = await buildService(inventory, { env: { LOG_LEVEL: "silent" }, inMemory: true });
});
afterAll(() => service.close());

describeOpenApi({
  service: "inventory",
  subject: () => ({ app: service.app, db: service.ctx.database.db }),
  tables: [outbox, stock],
  probe: () => ({ pathValues: { sku: "CL-01-GR" } }),
  reaches: [
    "GET /api/stock/{sku} path.sku",
    "POST /api/stock/{sku}/restock body.storeId",
    "POST /api/stock/{sku}/restock body.quantity",
    "GET /fragments/stock query.sku",
  ],
});
