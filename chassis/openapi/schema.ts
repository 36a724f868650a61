/** zod → JSON Schema (2020-12, as OpenAPI 3.1 reads it), with the notes a document needs. */
import { z } from "zod";

/** A JSON Schema object as it sits in an OpenAPI document. */
export type JsonSchema = Record<string, unknown>;

/** Which side of a schema to describe: what a client sends (`input`) or what it receives (`output`). */
export type Io = "input" | "output";

/**
 * Marks a schema that accepts anything and ignores an invalid value (a `.catch()`): the document
 * still shows the values that mean something, and says that others are dropped, not refused.
 */
export const LENIENT = "x-lenient";

/**
 * The JSON Schema of `schema` for one side. Definitions (`.meta({ id })`) are moved to `defs`
 * and referenced as `#/components/schemas/<id>`; `.catch()` is marked {@link LENIENT}.
 */
export function jsonSchema(schema: z.ZodType, io: Io, defs: Record<string, JsonSchema> = {}): JsonSchema {
  const generated = z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    override: (ctx) => {
      if (
        io === "input" &&
        (ctx.zodSchema as { _zod: { def: { type: string } } })._zod.def.type === "catch"
      ) {
        ctx.jsonSchema[LENIENT] = true;
        ctx.jsonSchema.description ??= "An invalid value is ignored, not refused";
      }
    },
  }) as JsonSchema;
  const { $schema: _, $defs, ...rest } = generated;
  for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
    defs[id] = rewriteRefs(def) as JsonSchema;
  }
  return rewriteRefs(rest) as JsonSchema;
}

/** `#/$defs/X` → `#/components/schemas/X`, everywhere in a generated schema. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      key === "$ref" && typeof v === "string"
        ? v.replace(/^#\/\$defs\//, "#/components/schemas/")
        : rewriteRefs(v),
    ]),
  );
}
