import { describe, expect, test } from "bun:test";
import {
  AppError,
  codeForStatus,
  isProblem,
  PROBLEM_CONTENT_TYPE,
  problemResponse,
  STATUS_BY_CODE,
} from "./index.ts";

describe("AppError", () => {
  test("a code - maps to its status and becomes a problem with its extensions", () => {
    const error = new AppError("not_found", 'No product with sku "X"', { sku: "X" });
    expect(error.status).toBe(404);
    const problem = error.toProblem("/api/products/X", "abc");
    expect(problem).toMatchObject({
      status: 404,
      code: "not_found",
      sku: "X",
      instance: "/api/products/X",
      trace_id: "abc",
    });
    expect(isProblem(problem)).toBe(true);
  });

  test("problemResponse() - carries the problem media type and status", async () => {
    const response = problemResponse(new AppError("conflict", "taken").toProblem());
    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toBe(PROBLEM_CONTENT_TYPE);
    expect((await response.json()).detail).toBe("taken");
  });

  test("codeForStatus() - finds the code of every status in the table, and a generic one otherwise", () => {
    for (const [code, status] of Object.entries(STATUS_BY_CODE))
      expect(codeForStatus(status)).toBe(code as never);
    expect(codeForStatus(418)).toBe("bad_request");
    expect(codeForStatus(599)).toBe("internal");
  });
});
