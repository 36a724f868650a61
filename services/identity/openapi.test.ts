import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  compareOperations,
  documentProblems,
  type OpenApiDocument,
  probeValidation,
} from "@tessera/chassis/openapi";
import type { BuiltService } from "@tessera/chassis/service";
import { addresses, auditLog, users } from "./db/schema.ts";
import { asUser, buildIdentity } from "./test-support.ts";

let service: BuiltService;
let doc: OpenApiDocument;
beforeAll(async () => {
  service = await buildIdentity();
  doc = await (await service.app.request("/openapi.json")).json();
});
afterAll(() => service.close());

describe("identity — OpenAPI document", () => {
  test("the document - describes every route the app serves, and nothing it does not", () => {
    expect(compareOperations(service.app, doc)).toEqual({ undocumented: [], unserved: [] });
  });

  test("the document - is structurally valid OpenAPI 3.1", () => {
    expect(documentProblems(doc)).toEqual([]);
  });

  test("each documented input field - refused when invalid with a documented 4xx problem naming it; nothing written", async () => {
    const db = service.ctx.database.db;
    const snapshot = async () =>
      JSON.stringify(await Promise.all([users, auditLog, addresses].map((t) => db.select().from(t))));
    const before = await snapshot();
    const { probes, failures } = await probeValidation(service.app, doc, {
      // the routes under /ops/ answer operators only (the probe must reach their validation)
      headers: await asUser("00000000-0000-4000-8000-00000000000a", ["operator"]),
    });
    expect(failures).toEqual([]);
    expect(await snapshot()).toBe(before);
    expect(probes.map((p) => `${p.operation} ${p.where}.${p.field}`)).toEqual(
      expect.arrayContaining([
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
      ]),
    );
  });

  test("the lenient page parameters - are marked so, and a bad one still renders the page", async () => {
    const email = doc.paths["/fragments/login-page"]?.get?.parameters as { name: string; schema: object }[];
    expect(email.find((p) => p.name === "email")?.schema).toMatchObject({
      maxLength: 254,
      "x-lenient": true,
    });
    const response = await service.app.request(`/fragments/login-page?email=${"x".repeat(300)}`);
    expect(response.status).toBe(200);
  });
});
