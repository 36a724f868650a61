/**
 * Building an OpenAPI 3.1 document from operations described with the zod schemas the routes
 * validate with: path, query and header parameters, a JSON or form body, and responses (JSON,
 * HTML fragments, redirects, `application/problem+json`).
 */
import type { z } from "zod";
import { PROBLEM_CONTENT_TYPE } from "../errors/index.ts";
import { CHASSIS_OPERATIONS } from "./chassis-operations.ts";
import { ProblemSchema } from "./problem.ts";
import { type JsonSchema, jsonSchema } from "./schema.ts";

export type Method = "get" | "post" | "put" | "patch" | "delete";

/** A body's media types: JSON, a urlencoded form, a multipart form. */
export type BodyMedia = "json" | "form" | "multipart";

const MEDIA_TYPE: Record<BodyMedia, string> = {
  json: "application/json",
  form: "application/x-www-form-urlencoded",
  multipart: "multipart/form-data",
};

/** One media type of a response: a zod schema (its output side) or a JSON Schema as is. */
export interface ResponseContent {
  schema?: z.ZodType | JsonSchema;
}

export interface ResponseSpec {
  description: string;
  content?: Record<string, ResponseContent>;
  headers?: Record<string, { description: string; schema?: JsonSchema }>;
}

/** One operation, described with the schemas its handler parses its input with. */
export interface Operation {
  method: Method;
  /** The OpenAPI path: `{sku}` for a parameter (`:sku` in Hono), `{path}` for a trailing `*`. */
  path: string;
  summary: string;
  description?: string;
  /** Defaults to the method and the path in camel case (`getApiStockSku`). */
  operationId?: string;
  tags?: string[];
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  body?: { schema: z.ZodType; media?: BodyMedia[]; required?: boolean; description?: string };
  /** By status; a `default` problem response is added unless one is given. */
  responses: Partial<Record<number | "default", ResponseSpec>>;
}

export interface DocumentOptions {
  title: string;
  version: string;
  description?: string;
  operations: Operation[];
  /** Document the chassis' own routes (`/health/*`, `/metrics`, `/openapi.json`); default true. */
  chassis?: boolean;
  /** Extension members this service's problems carry besides the standard ones. */
  problemExtensions?: z.ZodRawShape;
}

/** The document, as served: plain JSON. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths: Record<string, Partial<Record<Method, Record<string, unknown>>>>;
  components: { schemas: Record<string, JsonSchema> };
  [key: string]: unknown;
}

/** A JSON response with its schema. */
export const json = (schema: z.ZodType | JsonSchema, description: string): ResponseSpec => ({
  description,
  content: { "application/json": { schema } },
});

/** An HTML response (a server-rendered fragment). */
export const html = (description: string): ResponseSpec => ({
  description,
  content: { "text/html": { schema: { type: "string" } } },
});

/** A response of another media type (an image, a stylesheet, a script). */
export const media = (mediaType: string, description: string): ResponseSpec => ({
  description,
  content: { [mediaType]: { schema: { type: "string" } } },
});

/** A problem response (`application/problem+json`, RFC 9457). */
export const problem = (description: string): ResponseSpec => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: "#/components/schemas/Problem" } } },
});

/** A redirect (`303 See Other` after a form, `302` to where a thing lives). */
export const redirect = (description: string): ResponseSpec => ({
  description,
  headers: { location: { description: "Where to go", schema: { type: "string" } } },
});

const isZod = (schema: unknown): schema is z.ZodType =>
  typeof schema === "object" && schema !== null && "_zod" in schema;

/** `get /api/stock/{sku}/restock` → `getApiStockSkuRestock`. */
export function defaultOperationId(method: Method, path: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return method + words.map((w) => w[0]?.toUpperCase() + w.slice(1)).join("");
}

function parameters(
  where: "path" | "query" | "header",
  schema: z.ZodObject | undefined,
  defs: Record<string, JsonSchema>,
) {
  if (!schema) return [];
  const object = jsonSchema(schema, "input", defs);
  const required = new Set((object.required as string[] | undefined) ?? []);
  return Object.entries((object.properties ?? {}) as Record<string, JsonSchema>).map(([name, s]) => ({
    name,
    in: where,
    required: where === "path" || required.has(name),
    ...(typeof s.description === "string" ? { description: s.description } : {}),
    schema: s,
  }));
}

function operationObject(op: Operation, defs: Record<string, JsonSchema>): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  const all: Record<string, ResponseSpec | undefined> = { ...op.responses };
  all.default ??= problem("Any other failure");
  for (const [status, spec] of Object.entries(all)) {
    if (!spec) continue;
    responses[status] = {
      description: spec.description,
      ...(spec.headers ? { headers: spec.headers } : {}),
      ...(spec.content
        ? {
            content: Object.fromEntries(
              Object.entries(spec.content).map(([type, c]) => [
                type,
                c.schema ? { schema: isZod(c.schema) ? jsonSchema(c.schema, "output", defs) : c.schema } : {},
              ]),
            ),
          }
        : {}),
    };
  }
  const body = op.body && jsonSchema(op.body.schema, "input", defs);
  return {
    operationId: op.operationId ?? defaultOperationId(op.method, op.path),
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(op.tags ? { tags: op.tags } : {}),
    parameters: [
      ...parameters("path", op.params, defs),
      ...parameters("query", op.query, defs),
      ...parameters("header", op.headers, defs),
    ],
    ...(op.body && body
      ? {
          requestBody: {
            required: op.body.required ?? true,
            ...(op.body.description ? { description: op.body.description } : {}),
            content: Object.fromEntries(
              (op.body.media ?? ["json"]).map((m) => [MEDIA_TYPE[m], { schema: body }]),
            ),
          },
        }
      : {}),
    responses,
  };
}

/**
 * The OpenAPI 3.1 document of a service.
 *
 * @example
 * openApiDocument({
 *   title: "Tessera inventory",
 *   version,
 *   operations: [
 *     {
 *       method: "get",
 *       path: "/api/stock/{sku}",
 *       summary: "A sku's availability",
 *       params: SkuPath,
 *       responses: { 200: json(StockView, "The availability"), 404: problem("No stock for this sku") },
 *     },
 *   ],
 * });
 */
export function openApiDocument(options: DocumentOptions): OpenApiDocument {
  const defs: Record<string, JsonSchema> = {};
  const paths: OpenApiDocument["paths"] = {};
  const operations = [...options.operations, ...(options.chassis === false ? [] : CHASSIS_OPERATIONS)];
  for (const op of operations) {
    const item = paths[op.path] ?? {};
    paths[op.path] = item;
    if (item[op.method])
      throw new Error(`openApiDocument: ${op.method.toUpperCase()} ${op.path} is described twice`);
    item[op.method] = operationObject(op, defs);
  }
  const problemSchema = options.problemExtensions
    ? ProblemSchema.extend(options.problemExtensions)
    : ProblemSchema;
  return {
    openapi: "3.1.0",
    info: {
      title: options.title,
      version: options.version,
      ...(options.description ? { description: options.description } : {}),
    },
    paths,
    components: { schemas: { ...defs, Problem: jsonSchema(problemSchema, "output", defs) } },
  };
}
