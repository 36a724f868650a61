/**
 * The OpenAPI checks every service runs on its own document, in one place (`bun:test`): the document
 * describes every route the app serves and nothing else, is valid OpenAPI 3.1, and every documented
 * input field, sent invalid, is refused with a documented 4xx problem naming it — with nothing
 * written to the tables named. A service's test builds the app (its own way) and adds its own tests.
 */
import { describe, expect, test } from "bun:test";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Hono } from "hono";
import type { Db } from "../db/index.ts";
import type { OpenApiDocument } from "./document.ts";
import { compareOperations, documentProblems, type ProbeOptions, probeValidation } from "./index.ts";

export interface OpenApiSuite {
  /** The service's name, for the describe block. */
  service: string;
  /** The built app and its database (read when the tests run, after the file's `beforeAll`). */
  subject: () => { app: Hono; db: Db };
  /** Tables a refused request must leave as they were. */
  tables: PgTable[];
  /** Path values and headers for the probes (an operator's identity for routes under `/ops/`). */
  probe?: () => ProbeOptions | Promise<ProbeOptions>;
  /** Fields the probes must reach, as `<METHOD> <path> <where>.<field>`. */
  reaches: string[];
}

/** The service's document, as its app serves it. */
export async function servedDocument(app: Hono): Promise<OpenApiDocument> {
  return (await app.request("/openapi.json")).json() as Promise<OpenApiDocument>;
}

export function describeOpenApi(suite: OpenApiSuite): void {
  describe(`${suite.service} — OpenAPI document`, () => {
    test("the document - describes every route the app serves, and nothing it does not", async () => {
      const { app } = suite.subject();
      expect(compareOperations(app, await servedDocument(app))).toEqual({ undocumented: [], unserved: [] });
    });

    test("the document - is structurally valid OpenAPI 3.1", async () => {
      expect(documentProblems(await servedDocument(suite.subject().app))).toEqual([]);
    });

    test("each documented input field - refused when invalid with a documented 4xx problem naming it; nothing written", async () => {
      const { app, db } = suite.subject();
      const snapshot = async () =>
        JSON.stringify(await Promise.all(suite.tables.map((t) => db.select().from(t))));
      const before = await snapshot();
      const { probes, failures } = await probeValidation(
        app,
        await servedDocument(app),
        (await suite.probe?.()) ?? {},
      );
      expect(failures).toEqual([]);
      expect(await snapshot()).toBe(before);
      expect(probes.map((p) => `${p.operation} ${p.where}.${p.field}`)).toEqual(
        expect.arrayContaining(suite.reaches),
      );
    });
  });
}
