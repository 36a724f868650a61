import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
import { sql } from "drizzle-orm";
import {
  context,
  createTracing,
  injectTraceHeaders,
  installTracingGlobals,
  isExporting,
  withSpan,
  withTracer,
} from "../trace/index.ts";
import { type Database, openDatabase } from "./index.ts";

let database: Database;
beforeAll(async () => {
  installTracingGlobals();
  database = await openDatabase({
    service: "db-tracing-test",
    migrationsFolder: `${import.meta.dir}/../outbox/testing/migrations`,
  });
});
afterAll(() => database.close());

describe("query spans", () => {
  test("a service whose tracer exports - a client span per query, with the service's name and the text", async () => {
    const exporter = new InMemorySpanExporter();
    const { tracer } = createTracing({ service: "seen", version: "1", exporters: [exporter] });
    expect(isExporting(tracer)).toBe(true);
    await context.with(withTracer(tracer), () =>
      withSpan("request", () => database.db.execute(sql`select 1 as one`)),
    );
    const spans = exporter.getFinishedSpans();
    const query = spans.find((s) => s.name === "db SELECT");
    const request = spans.find((s) => s.name === "request");
    expect(query?.attributes["db.query.text"]).toBe("select 1 as one");
    expect(request).toBeDefined();
    expect(query?.resource.attributes["service.name"]).toBe("seen");
  });

  test("a service whose tracer exports nothing - no query span, the trace context still travels", async () => {
    const { tracer } = createTracing({ service: "unseen", version: "1" });
    expect(isExporting(tracer)).toBe(false);
    const seen: string[] = [];
    const headers = await context.with(withTracer(tracer), () =>
      withSpan("request", async () => {
        const result = (await database.db.execute(sql`select 2 as two`)) as { rows: unknown[] };
        seen.push(JSON.stringify(result.rows));
        return injectTraceHeaders<Record<string, string>>({});
      }),
    );
    expect(seen).toEqual([JSON.stringify([{ two: 2 }])]);
    expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });
});
