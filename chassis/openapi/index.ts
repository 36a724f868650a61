/**
 * OpenAPI 3.1 documents generated from the zod schemas the routes validate with, served at
 * `GET /openapi.json`, and the checks that keep a document honest: the routes an app serves and
 * the operations documented are the same, and every documented input field is refused, when
 * invalid, with a 4xx problem naming it.
 *
 * @example
 * const document = openApiDocument({ title: "Tessera inventory", version, operations });
 * const routes = new Hono().route("/", openApiRoutes(document)).route("/api/stock", stockRoutes(db));
 * expect(compareOperations(app, document)).toEqual({ undocumented: [], unserved: [] });
 */
export {
  compareOperations,
  documentedOperations,
  documentProblems,
  openApiPath,
  servedOperations,
} from "./conformance.ts";
export {
  type BodyMedia,
  type DocumentOptions,
  defaultOperationId,
  html,
  json,
  type Method,
  media,
  type OpenApiDocument,
  type Operation,
  openApiDocument,
  problem,
  type ResponseSpec,
  redirect,
} from "./document.ts";
export { type FragmentServerOptions, fragmentServerOperations } from "./fragment-operations.ts";
export {
  MISSING,
  type Probe,
  type ProbeFailure,
  type ProbeOptions,
  probeValidation,
  refuses,
  validationProbes,
} from "./probe.ts";
export { ProblemSchema } from "./problem.ts";
export { openApiRoutes } from "./route.ts";
export { type Io, type JsonSchema, jsonSchema, LENIENT } from "./schema.ts";
