/** The schema of `application/problem+json` bodies, as `chassis/errors` builds them. */
import { z } from "zod";
import { type ErrorCode, STATUS_BY_CODE } from "../errors/index.ts";

const CODES = Object.keys(STATUS_BY_CODE) as [ErrorCode, ...ErrorCode[]];

/** A problem details object (RFC 9457) with Tessera's `code` and `trace_id`. */
export const ProblemSchema = z.looseObject({
  type: z.string().describe("A URI naming the kind of problem"),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().describe("What failed and why; a validation failure names each field (`query.sku: …`)"),
  code: z.enum(CODES),
  instance: z.string().optional(),
  trace_id: z.string().optional(),
  errors: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .optional()
    .describe("A validation failure's fields, each with its message"),
});
