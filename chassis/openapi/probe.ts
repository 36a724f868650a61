/**
 * Proving a document's input schemas are the ones the routes enforce: for every documented path,
 * query and body field that some value can break, one request with a clearly invalid value;
 * the answer must be a documented 4xx `application/problem+json` whose detail names the field.
 */
import type { Hono } from "hono";
import { PROBLEM_CONTENT_TYPE } from "../errors/index.ts";
import type { OpenApiDocument } from "./document.ts";
import { type JsonSchema, LENIENT } from "./schema.ts";

type Where = "path" | "query" | "body";

/** Plain values to try; the first one the schema refuses is sent. */
const TEXT_CANDIDATES = [
  "",
  "not valid!",
  "-1",
  "0",
  "1.5",
  "99999999999",
  "x".repeat(513),
  "y".repeat(5000),
];
const JSON_CANDIDATES: unknown[] = [123456789, "not valid!", "", true, -1, 1.5, 0, 99999999999, null, {}, []];

const FORMATS: Record<string, RegExp> = {
  email: /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/**
 * True only when `schema` certainly refuses `value` (a subset of JSON Schema: type, enum, const,
 * string and number bounds, pattern, email/uuid formats, anyOf/oneOf/allOf). Query and path
 * values are text: a number schema reads them as numbers.
 */
export function refuses(schema: JsonSchema, value: unknown, text: boolean): boolean {
  if (schema[LENIENT]) return false;
  for (const key of ["anyOf", "oneOf"] as const) {
    const branches = schema[key] as JsonSchema[] | undefined;
    if (branches?.every((b) => refuses(b, value, text))) return true;
  }
  const all = schema.allOf as JsonSchema[] | undefined;
  if (all?.some((b) => refuses(b, value, text))) return true;
  const types = schema.type === undefined ? undefined : ([] as unknown[]).concat(schema.type);
  let v = value;
  if (text && typeof value === "string" && types?.every((t) => t === "number" || t === "integer")) {
    if (value.trim() === "" || Number.isNaN(Number(value))) return true;
    v = Number(value);
  }
  if (types) {
    const actual = typeOf(v);
    if (!types.includes(actual) && !(actual === "integer" && types.includes("number"))) return true;
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(v)) return true;
  if ("const" in schema && schema.const !== v) return true;
  if (typeof v === "string") {
    if (typeof schema.minLength === "number" && v.length < schema.minLength) return true;
    if (typeof schema.maxLength === "number" && v.length > schema.maxLength) return true;
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(v)) return true;
    const format = typeof schema.format === "string" ? FORMATS[schema.format] : undefined;
    if (format && !format.test(v)) return true;
  }
  if (typeof v === "number") {
    if (schema.type === "integer" && !Number.isInteger(v)) return true;
    if (typeof schema.minimum === "number" && v < schema.minimum) return true;
    if (typeof schema.maximum === "number" && v > schema.maximum) return true;
    if (typeof schema.exclusiveMinimum === "number" && v <= schema.exclusiveMinimum) return true;
    if (typeof schema.exclusiveMaximum === "number" && v >= schema.exclusiveMaximum) return true;
  }
  return false;
}

/** A value every one of `schemas` refuses, or undefined when none of the candidates is. */
export function invalidValue(schemas: JsonSchema[], where: Where): unknown {
  const text = where !== "body";
  const candidates = text ? TEXT_CANDIDATES.filter((c) => where === "query" || c !== "") : JSON_CANDIDATES;
  return candidates.find((c) => schemas.every((s) => refuses(s, c, text)));
}

/** A body's top-level fields, each with the schemas it has in the branches of a union. */
function bodyFields(schema: JsonSchema, fields = new Map<string, JsonSchema[]>()): Map<string, JsonSchema[]> {
  for (const [name, s] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) {
    fields.set(name, [...(fields.get(name) ?? []), s]);
  }
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    for (const branch of (schema[key] as JsonSchema[] | undefined) ?? []) bodyFields(branch, fields);
  }
  return fields;
}

/** The fields a body must have whichever branch of a union it takes. */
function requiredEverywhere(schema: JsonSchema): Set<string> {
  const own = new Set((schema.required as string[] | undefined) ?? []);
  const branches = [...((schema.anyOf as JsonSchema[]) ?? []), ...((schema.oneOf as JsonSchema[]) ?? [])];
  if (branches.length > 0) {
    const sets = branches.map(requiredEverywhere);
    for (const name of sets[0] ?? []) if (sets.every((s) => s.has(name))) own.add(name);
  }
  for (const branch of (schema.allOf as JsonSchema[] | undefined) ?? []) {
    for (const name of requiredEverywhere(branch)) own.add(name);
  }
  return own;
}

/** The value of a probe that leaves a required field out. */
export const MISSING = Symbol("missing");

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: JsonSchema;
}

interface OperationObject {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

/** One request with one invalid field, and what must come back. */
export interface Probe {
  operation: string;
  where: Where;
  field: string;
  value: unknown;
  request: { path: string; init: RequestInit };
  /** The 4xx statuses the operation documents as problems. */
  documented: number[];
}

export interface ProbeOptions {
  /** A valid value for each path parameter (by name), used while another field is probed. */
  pathValues?: Record<string, string>;
  /** Headers every probe carries (an operator's identity for routes under `/ops/`). */
  headers?: Record<string, string>;
}

/** The probes for every breakable input field `document` describes. */
export function validationProbes(document: OpenApiDocument, options: ProbeOptions = {}): Probe[] {
  const probes: Probe[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      const op = raw as OperationObject;
      const operation = `${method.toUpperCase()} ${template}`;
      const params = op.parameters ?? [];
      const documented = Object.entries(op.responses ?? {})
        .filter(([status, r]) => /^4\d\d$/.test(status) && r.content?.[PROBLEM_CONTENT_TYPE])
        .map(([status]) => Number(status));
      const bodyContent = op.requestBody?.content ?? {};
      const bodyType = ["application/json", "application/x-www-form-urlencoded"].find((t) => bodyContent[t]);
      const build = (where: Where, field: string, value: unknown): Probe => {
        let path = template;
        for (const p of params.filter((p) => p.in === "path")) {
          const v = where === "path" && p.name === field ? String(value) : options.pathValues?.[p.name];
          if (v === undefined)
            throw new Error(`${operation}: give a valid value for path parameter "${p.name}"`);
          path = path.replace(`{${p.name}}`, encodeURIComponent(v));
        }
        if (where === "query" && value !== MISSING)
          path += `?${new URLSearchParams({ [field]: String(value) })}`;
        const headers: Record<string, string> = { accept: "application/json", ...options.headers };
        let body: string | undefined;
        if (bodyType) {
          const fields = where === "body" && value !== MISSING ? { [field]: value } : {};
          headers["content-type"] = bodyType;
          body =
            bodyType === "application/json"
              ? JSON.stringify(fields)
              : new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();
        }
        return {
          operation,
          where,
          field,
          value,
          documented,
          request: { path, init: { method, headers, body } },
        };
      };
      for (const p of params) {
        if ((p.in !== "path" && p.in !== "query") || !p.schema) continue;
        const value =
          invalidValue([p.schema], p.in) ?? (p.in === "query" && p.required ? MISSING : undefined);
        if (value !== undefined) probes.push(build(p.in, p.name, value));
      }
      const bodySchema = bodyType ? bodyContent[bodyType]?.schema : undefined;
      if (bodySchema) {
        const required = requiredEverywhere(bodySchema);
        for (const [field, schemas] of bodyFields(bodySchema)) {
          const value =
            invalidValue(schemas, bodyType === "application/json" ? "body" : "query") ??
            (required.has(field) ? MISSING : undefined);
          if (value !== undefined) probes.push(build("body", field, value));
        }
      }
    }
  }
  return probes;
}

/** A probe whose answer was not a documented 4xx problem naming its field, and why. */
export interface ProbeFailure {
  probe: string;
  why: string;
}

/** Sends every probe to `app`; returns the ones that were not refused as they should be. */
export async function probeValidation(
  app: Hono,
  document: OpenApiDocument,
  options: ProbeOptions = {},
): Promise<{ probes: Probe[]; failures: ProbeFailure[] }> {
  const probes = validationProbes(document, options);
  const failures: ProbeFailure[] = [];
  for (const probe of probes) {
    const response = await app.request(probe.request.path, probe.request.init);
    const shown = probe.value === MISSING ? "(missing)" : JSON.stringify(probe.value)?.slice(0, 40);
    const name = `${probe.operation} ${probe.where}.${probe.field}=${shown}`;
    const type = response.headers.get("content-type") ?? "";
    const body = type.startsWith(PROBLEM_CONTENT_TYPE)
      ? ((await response.json()) as { detail?: string })
      : undefined;
    if (response.status < 400 || response.status >= 500)
      failures.push({ probe: name, why: `answered ${response.status}` });
    else if (!body)
      failures.push({ probe: name, why: `answered ${response.status} as "${type}", not a problem` });
    else if (!probe.documented.includes(response.status))
      failures.push({
        probe: name,
        why: `answered ${response.status}, which the operation does not document`,
      });
    else if (!body.detail?.includes(`${probe.where}.${probe.field}`))
      failures.push({
        probe: name,
        why: `the detail does not name ${probe.where}.${probe.field}: "${body.detail}"`,
      });
  }
  return { probes, failures };
}
