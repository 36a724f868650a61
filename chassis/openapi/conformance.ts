/**
 * Checking a document against the app it describes: the routes served and the operations
 * documented are the same set, and the document holds together as OpenAPI 3.1.
 */
import type { Hono } from "hono";
import type { OpenApiDocument } from "./document.ts";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** A Hono path in OpenAPI form: `:sku` → `{sku}`, `:file{.+\.svg}` → `{file}`, a trailing `*` → `{path}`. */
export function openApiPath(honoPath: string): string {
  return honoPath
    .split("/")
    .map((segment) => {
      if (segment === "*") return "{path}";
      const param = /^:([A-Za-z0-9_]+)(\{.*\})?\??$/.exec(segment);
      return param ? `{${param[1]}}` : segment;
    })
    .join("/");
}

/**
 * Every operation `app` serves, as `GET /api/stock/{sku}`, sorted. Middleware (`app.use`, which
 * Hono lists as method `ALL` on a path ending in `*`) is left out; an `ALL` handler on a plain
 * path is kept as `ALL …` so that a check fails on it (OpenAPI cannot describe "any method").
 */
export function servedOperations(app: Hono): string[] {
  const served = new Set<string>();
  for (const route of app.routes) {
    if (route.method === "ALL" && route.path.endsWith("*")) continue;
    served.add(`${route.method.toUpperCase()} ${openApiPath(route.path)}`);
  }
  return [...served].sort();
}

/** Every operation `document` describes, as `GET /api/stock/{sku}`, sorted. */
export function documentedOperations(document: OpenApiDocument): string[] {
  return Object.entries(document.paths)
    .flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => METHODS.includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    )
    .sort();
}

/** What the app serves but the document leaves out, and what the document describes but nobody serves. */
export function compareOperations(app: Hono, document: OpenApiDocument) {
  const served = servedOperations(app);
  const documented = documentedOperations(document);
  return {
    undocumented: served.filter((o) => !documented.includes(o)),
    unserved: documented.filter((o) => !served.includes(o)),
  };
}

/** The value a local `$ref` (`#/components/schemas/Problem`) points at, or undefined. */
function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith("#")) return undefined;
  let node: unknown = document;
  for (const raw of ref.slice(1).split("/").filter(Boolean)) {
    const key = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, found);
  else if (typeof value === "object" && value !== null) {
    for (const [key, v] of Object.entries(value)) {
      if (key === "$ref" && typeof v === "string") found.push(v);
      else refsIn(v, found);
    }
  }
  return found;
}

/**
 * What is structurally wrong with `document` as OpenAPI 3.1 (empty when nothing): the version,
 * the info, paths starting with `/`, each path template's parameters declared as path
 * parameters (and none other), responses on every operation, unique operationIds and every
 * `$ref` resolvable.
 */
export function documentProblems(document: OpenApiDocument): string[] {
  const problems: string[] = [];
  if (!/^3\.1\.\d+$/.test(String(document.openapi)))
    problems.push(`openapi is "${document.openapi}", not 3.1.x`);
  if (!document.info?.title) problems.push("info.title is missing");
  if (!document.info?.version) problems.push("info.version is missing");
  if (typeof document.paths !== "object" || document.paths === null) problems.push("paths is missing");
  const ids = new Map<string, string>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    if (!path.startsWith("/")) problems.push(`path "${path}" does not start with /`);
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
    for (const [method, raw] of Object.entries(item)) {
      const where = `${method.toUpperCase()} ${path}`;
      if (!METHODS.includes(method)) {
        problems.push(`${where}: "${method}" is not an HTTP method`);
        continue;
      }
      const op = raw as {
        operationId?: string;
        responses?: Record<string, unknown>;
        parameters?: { name: string; in: string; required?: boolean }[];
      };
      if (!op.responses || Object.keys(op.responses).length === 0) problems.push(`${where}: no responses`);
      for (const status of Object.keys(op.responses ?? {})) {
        if (status !== "default" && !/^[1-5](\d\d|XX)$/.test(status))
          problems.push(`${where}: bad status "${status}"`);
      }
      if (!op.operationId) problems.push(`${where}: no operationId`);
      else if (ids.has(op.operationId))
        problems.push(`${where}: operationId "${op.operationId}" is also ${ids.get(op.operationId)}'s`);
      else ids.set(op.operationId, where);
      const params = op.parameters ?? [];
      const declared = params
        .filter((p) => p.in === "path")
        .map((p) => p.name)
        .sort();
      if (JSON.stringify(declared) !== JSON.stringify(templated))
        problems.push(`${where}: path parameters [${declared}] do not match the template's [${templated}]`);
      for (const p of params) {
        if (!["path", "query", "header", "cookie"].includes(p.in))
          problems.push(`${where}: parameter ${p.name} in "${p.in}"`);
        if (p.in === "path" && p.required !== true)
          problems.push(`${where}: path parameter ${p.name} is not required`);
      }
      const seen = new Set(params.map((p) => `${p.in}:${p.name}`));
      if (seen.size !== params.length) problems.push(`${where}: a parameter is declared twice`);
    }
  }
  for (const ref of refsIn(document)) {
    if (resolvePointer(document, ref) === undefined) problems.push(`$ref "${ref}" does not resolve`);
  }
  return problems;
}
