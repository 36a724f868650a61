import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type TestAccess, testAccess } from "@tessera/chassis/access/testing";
import {
  compareOperations,
  documentProblems,
  type OpenApiDocument,
  probeValidation,
} from "@tessera/chassis/openapi";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { count } from "drizzle-orm";
import { ops } from "./app.ts";
import { exceptionEvents, logLines, spans } from "./db/schema.ts";

let service: BuiltService;
let access: TestAccess;
let doc: OpenApiDocument;
beforeAll(async () => {
  access = await testAccess();
  service = await buildService(ops, { env: { LOG_LEVEL: "silent", ...access.env }, inMemory: true });
  doc = await (await service.app.request("/openapi.json")).json();
}, 60_000);
afterAll(() => service.close());

describe("ops — OpenAPI document", () => {
  test("the document - describes every route the app serves, and nothing it does not", () => {
    expect(compareOperations(service.app, doc)).toEqual({ undocumented: [], unserved: [] });
  });

  test("the document - is structurally valid OpenAPI 3.1", () => {
    expect(documentProblems(doc)).toEqual([]);
  });

  test("each documented input field - refused when invalid with a documented 4xx problem naming it; nothing stored", async () => {
    const db = service.ctx.database.db;
    const stored = async () =>
      Promise.all(
        [logLines, spans, exceptionEvents].map(async (t) => (await db.select({ n: count() }).from(t))[0]?.n),
      );
    const before = await stored();
    const { probes, failures } = await probeValidation(service.app, doc, {
      pathValues: { traceId: "0af7651916cd43dd8448eb211c80319c", fingerprint: "0123456789abcdef" },
      headers: await access.as("operator-1", "ops", { roles: ["operator"] }),
    });
    expect(failures).toEqual([]);
    expect(await stored()).toEqual(before);
    expect(probes.map((p) => `${p.operation} ${p.where}.${p.field}`)).toEqual(
      expect.arrayContaining([
        "POST /ingest/exceptions body.kind",
        "POST /ingest/exceptions body.message",
        "POST /v1/traces body.resourceSpans",
        "GET /ops/api/logs query.level",
        "GET /ops/api/logs query.trace_id",
        "GET /ops/api/traces/{traceId} path.traceId",
        "GET /ops/api/exceptions/{fingerprint} path.fingerprint",
      ]),
    );
  });
});
