import { describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { z } from "zod";
import { AppError, problemResponse } from "../errors/index.ts";
import { createLogger, memoryDestination } from "../log/index.ts";
import { createMetrics } from "../metrics/index.ts";
import { createServiceApp, parseInput } from "../service/index.ts";
import { createTracing } from "../trace/index.ts";
import {
  compareOperations,
  documentProblems,
  html,
  json,
  type OpenApiDocument,
  type Operation,
  openApiDocument,
  openApiPath,
  openApiRoutes,
  probeValidation,
  problem,
  refuses,
  servedOperations,
} from "./index.ts";

const ThingPath = z.object({ id: z.string().regex(/^T-\d+$/) });
const ThingQuery = z.object({ limit: z.coerce.number().int().min(1).max(10).optional() });
const ThingChange = z.object({ name: z.string().min(1).max(20), colour: z.enum(["red", "green"]) });
const Thing = z.object({ id: z.string(), name: z.string() });

const operations: Operation[] = [
  {
    method: "get",
    path: "/things",
    summary: "The things",
    query: ThingQuery,
    responses: { 200: json(z.array(Thing), "The things"), 422: problem("A bad limit") },
  },
  {
    method: "patch",
    path: "/things/{id}",
    summary: "Change a thing",
    params: ThingPath,
    body: { schema: ThingChange },
    responses: { 200: json(Thing, "The thing"), 404: problem("No such thing"), 422: problem("A bad field") },
  },
  {
    method: "get",
    path: "/fragments/thing",
    summary: "A thing as HTML",
    responses: { 200: html("The fragment") },
  },
];

/** A service app whose routes validate with the documented schemas (or, with `lax`, do not). */
function serviceApp(lax = false) {
  const { tracer } = createTracing({ service: "svc", version: "1" });
  const app = createServiceApp({
    log: createLogger({ service: "svc", version: "1", destination: memoryDestination() }),
    tracer,
    metrics: createMetrics({ service: "svc", version: "1", processMetrics: false }),
    health: { checks: [] },
  });
  const document = openApiDocument({ title: "Things", version: "1.2.3", operations });
  app.route(
    "/",
    new Hono()
      .route("/", openApiRoutes(document))
      .get("/things", (c) => {
        parseInput(ThingQuery, c.req.query(), "query");
        return c.json([]);
      })
      .patch("/things/:id", async (c) => {
        const { id } = parseInput(ThingPath, c.req.param(), "path", "not_found");
        const body = await c.req.json();
        const change = lax ? (body as { name: string }) : parseInput(ThingChange, body, "body");
        return c.json({ id, name: change.name });
      })
      .get("/fragments/thing", (c) => c.html("<p>thing</p>")),
  );
  return { app, document };
}

describe("openApiDocument()", () => {
  const doc = openApiDocument({ title: "Things", version: "1.2.3", operations });

  test("an operation with path, query and body schemas - becomes parameters and a request body from the zod schemas", () => {
    const patch = doc.paths["/things/{id}"]?.patch as Record<string, never>;
    expect(patch).toMatchObject({
      operationId: "patchThingsId",
      parameters: [
        { name: "id", in: "path", required: true, schema: { type: "string", pattern: "^T-\\d+$" } },
      ],
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: { properties: { colour: { enum: ["red", "green"] } }, required: ["name", "colour"] },
          },
        },
      },
    });
    const list = doc.paths["/things"]?.get as { parameters: unknown[] };
    expect(list.parameters).toEqual([
      { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 10 } },
    ]);
  });

  test("responses - JSON from the output schema, HTML as a string, problems by $ref, and a default problem", () => {
    const patch = doc.paths["/things/{id}"]?.patch as { responses: Record<string, Record<string, unknown>> };
    expect(patch.responses["200"]?.content).toMatchObject({
      "application/json": { schema: { type: "object", required: ["id", "name"] } },
    });
    expect(patch.responses["404"]?.content).toEqual({
      "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } },
    });
    expect(patch.responses.default?.description).toBe("Any other failure");
    const fragment = doc.paths["/fragments/thing"]?.get as {
      responses: Record<string, Record<string, unknown>>;
    };
    expect(fragment.responses["200"]?.content).toEqual({ "text/html": { schema: { type: "string" } } });
    expect(doc.components.schemas.Problem).toMatchObject({
      required: ["type", "title", "status", "detail", "code"],
    });
  });

  test("the chassis routes - are documented unless chassis is false", () => {
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/health/live", "/health/ready", "/metrics", "/openapi.json"]),
    );
    const bare = openApiDocument({ title: "T", version: "1", operations, chassis: false });
    expect(Object.keys(bare.paths)).toEqual(["/things", "/things/{id}", "/fragments/thing"]);
  });

  test("the same operation twice - throws naming it", () => {
    expect(() =>
      openApiDocument({
        title: "T",
        version: "1",
        operations: [operations[0], operations[0]] as Operation[],
      }),
    ).toThrow("GET /things is described twice");
  });

  test("a .catch() query field - is marked x-lenient; a schema with an id - is a component referenced by $ref", () => {
    const Money = z.object({ amount: z.number().int(), currency: z.string() }).meta({ id: "TestMoney" });
    const lenientDoc = openApiDocument({
      title: "T",
      version: "1",
      chassis: false,
      operations: [
        {
          method: "get",
          path: "/price",
          summary: "A price",
          query: z.object({
            error: z
              .string()
              .regex(/^[a-z]+$/)
              .optional()
              .catch(undefined),
          }),
          responses: { 200: json(z.object({ price: Money }), "The price") },
        },
      ],
    });
    const get = lenientDoc.paths["/price"]?.get as { parameters: { schema: object }[]; responses: never };
    expect(get.parameters[0]?.schema).toMatchObject({ pattern: "^[a-z]+$", "x-lenient": true });
    expect(JSON.stringify(get.responses)).toContain('"$ref":"#/components/schemas/TestMoney"');
    expect(lenientDoc.components.schemas.TestMoney).toMatchObject({ required: ["amount", "currency"] });
    expect(documentProblems(lenientDoc)).toEqual([]);
  });
});

describe("openApiRoutes()", () => {
  test("GET /openapi.json - serves the document as JSON", async () => {
    const { app, document } = serviceApp();
    const response = await app.request("/openapi.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(document)));
  });
});

describe("openApiPath()", () => {
  test("Hono paths - :param, a param with a pattern and a trailing * become OpenAPI templates", () => {
    expect(openApiPath("/api/stock/:sku/restock")).toBe("/api/stock/{sku}/restock");
    expect(openApiPath("/api/images/:file{.+\\.svg}")).toBe("/api/images/{file}");
    expect(openApiPath("/assets/*")).toBe("/assets/{path}");
    expect(openApiPath("/metrics")).toBe("/metrics");
  });
});

describe("servedOperations() and compareOperations()", () => {
  test("a service app - lists its routes and the chassis', without middleware", () => {
    const { app } = serviceApp();
    app.use("/things/*", async (_c, next) => next());
    expect(servedOperations(app)).toEqual([
      "GET /fragments/thing",
      "GET /health/live",
      "GET /health/ready",
      "GET /metrics",
      "GET /openapi.json",
      "GET /things",
      "PATCH /things/{id}",
    ]);
  });

  test("an ALL handler on a plain path - is kept, so a comparison fails on it", () => {
    const app = new Hono().all("/anything", (c) => c.text("ok"));
    expect(servedOperations(app)).toEqual(["ALL /anything"]);
  });

  test("a route left out and an operation nobody serves - are both named", () => {
    const { app, document } = serviceApp();
    app.get("/secret", (c) => c.text("shh"));
    const trimmed = { ...document, paths: { ...document.paths, "/ghost": { get: {} } } };
    expect(compareOperations(app, trimmed)).toEqual({
      undocumented: ["GET /secret"],
      unserved: ["GET /ghost"],
    });
  });
});

describe("documentProblems()", () => {
  test("a generated document - has none", () => {
    expect(documentProblems(serviceApp().document)).toEqual([]);
  });

  test("a broken document - names the version, the info, a duplicate operationId, a template mismatch and a dangling $ref", () => {
    const broken = {
      openapi: "3.0.3",
      info: { title: "", version: "1" },
      paths: {
        "/a/{id}": { get: { operationId: "x", parameters: [], responses: { 200: { description: "ok" } } } },
        "/b": {
          get: {
            operationId: "x",
            responses: { 200: { $ref: "#/components/responses/Nope" } },
          },
        },
      },
      components: { schemas: {} },
    } as unknown as OpenApiDocument;
    expect(documentProblems(broken)).toEqual([
      'openapi is "3.0.3", not 3.1.x',
      "info.title is missing",
      "GET /a/{id}: path parameters [] do not match the template's [id]",
      `GET /b: operationId "x" is also GET /a/{id}'s`,
      '$ref "#/components/responses/Nope" does not resolve',
    ]);
  });
});

describe("refuses()", () => {
  test("a JSON Schema and a value - refused only when a keyword certainly fails", () => {
    expect(refuses({ type: "string", pattern: "^[A-Z]+$" }, "abc", true)).toBe(true);
    expect(refuses({ type: "string", pattern: "^[A-Z]+$" }, "ABC", true)).toBe(false);
    expect(refuses({ type: "integer", maximum: 10 }, "11", true)).toBe(true);
    expect(refuses({ type: "integer" }, "abc", true)).toBe(true);
    expect(refuses({ type: "integer" }, "5", false)).toBe(true);
    expect(refuses({ enum: ["a", "b"] }, "c", false)).toBe(true);
    expect(refuses({ anyOf: [{ const: "" }, { type: "string", minLength: 2 }] }, "", false)).toBe(false);
    expect(refuses({ type: "string", format: "uuid" }, "not-a-uuid", true)).toBe(true);
    expect(refuses({ type: "string", format: "hostname" }, "??", true)).toBe(false);
    expect(refuses({ type: "string", "x-lenient": true, maxLength: 1 }, "long", true)).toBe(false);
  });
});

describe("probeValidation()", () => {
  test("routes validating with the documented schemas - every probe is a documented 4xx problem naming its field", async () => {
    const { app, document } = serviceApp();
    const { probes, failures } = await probeValidation(app, document, { pathValues: { id: "T-1" } });
    expect(failures).toEqual([]);
    expect(probes.map((p) => `${p.operation} ${p.where}.${p.field}`)).toEqual([
      "GET /things query.limit",
      "PATCH /things/{id} path.id",
      "PATCH /things/{id} body.name",
      "PATCH /things/{id} body.colour",
    ]);
  });

  test("a route that does not validate its body - each unvalidated field is reported", async () => {
    const { app, document } = serviceApp(true);
    const { failures } = await probeValidation(app, document, { pathValues: { id: "T-1" } });
    expect(failures.map((f) => `${f.probe}: ${f.why}`)).toEqual([
      "PATCH /things/{id} body.name=123456789: answered 200",
      "PATCH /things/{id} body.colour=123456789: answered 200",
    ]);
  });

  test("a path parameter without a valid value - throws asking for one", async () => {
    const { app, document } = serviceApp();
    expect(probeValidation(app, document)).rejects.toThrow('give a valid value for path parameter "id"');
  });

  test("a refusal with an undocumented status - is reported", async () => {
    const app = new Hono()
      .onError((e) => problemResponse((e as AppError).toProblem()))
      .get("/things", (c) => {
        throw new AppError("bad_request", `query.limit: bad ${c.req.query("limit")}`);
      });
    const document = openApiDocument({
      title: "T",
      version: "1",
      chassis: false,
      operations: [operations[0] as Operation],
    });
    const { failures } = await probeValidation(app, document);
    expect(failures.map((f) => f.why)).toEqual(["answered 400, which the operation does not document"]);
  });
});
