import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { describeOpenApi, servedDocument } from "@tessera/chassis/openapi/testing";
import type { BuiltService } from "@tessera/chassis/service";
import { addresses, auditLog, users } from "./db/schema.ts";
import { asUser, buildIdentity } from "./test-support.ts";

let service: BuiltService;
beforeAll(async () => {
  service = await buildIdentity();
});
afterAll(() => service.close());

describeOpenApi({
  service: "identity",
  subject: () => ({ app: service.app, db: service.ctx.database.db }),
  tables: [users, auditLog, addresses],
  // the routes under /ops/ answer operators only (the probe must reach their validation)
  probe: async () => ({ headers: await asUser("00000000-0000-4000-8000-00000000000a", ["operator"]) }),
  reaches: [
    "POST /account/register body.name",
    "POST /account/register body.email",
    "POST /account/register body.password",
    "POST /account/register body.passwordConfirmation",
    "POST /account/login body.email",
    "POST /account/login body.password",
    "POST /account/address body.postcode",
    "POST /account/address body.country",
    "GET /api/audit query.user",
    "GET /api/audit query.limit",
  ],
});

describe("identity — OpenAPI lenient parameters", () => {
  test("the lenient page parameters - are marked so, and a bad one still renders the page", async () => {
    const doc = await servedDocument(service.app);
    const email = doc.paths["/fragments/login-page"]?.get?.parameters as { name: string; schema: object }[];
    expect(email.find((p) => p.name === "email")?.schema).toMatchObject({
      maxLength: 254,
      "x-lenient": true,
    });
    const response = await service.app.request(`/fragments/login-page?email=${"x".repeat(300)}`);
    expect(response.status).toBe(200);
  });
});
