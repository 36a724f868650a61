import { afterAll, beforeAll } from "bun:test";
import { describeOpenApi } from "@tessera/chassis/openapi/testing";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { payments } from "./app.ts";
import { earlyVoids, payments as paymentRows } from "./db/schema.ts";

let service: BuiltService;
beforeAll(async () => {
  service = await buildService(payments, { env: { LOG_LEVEL: "silent" }, inMemory: true });
});
afterAll(() => service.close());

describeOpenApi({
  service: "payments",
  subject: () => ({ app: service.app, db: service.ctx.database.db }),
  tables: [paymentRows, earlyVoids],
  probe: () => ({ pathValues: { orderId: "ORD-1001" } }),
  reaches: ["GET /api/payments/{orderId} path.orderId", "GET /fragments/payment-method query.selected"],
});
