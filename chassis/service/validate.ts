/** Input validation with zod: a bad value becomes a 4xx problem naming the field. */
import type { z } from "zod";
import { AppError } from "../errors/index.ts";
import { describeZodError } from "./errors.ts";

/**
 * Parses `input` with `schema`; on failure throws an AppError (`validation_failed`, 422, or the
 * given code) whose detail names every bad field, prefixed with where it came from.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  where: "path" | "query" | "body" | "header",
  code: "validation_failed" | "bad_request" | "not_found" = "validation_failed",
): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new AppError(code, describeZodError(result.error, where), {
    errors: result.error.issues.map((i) => ({ path: [where, ...i.path].join("."), message: i.message })),
  });
}
