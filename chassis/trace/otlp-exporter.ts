/**
 * The OTLP/HTTP span exporter, loaded when the first batch of spans is exported: a process that
 * names no collector never loads it (the exporter and the OTLP transformer it pulls in are ~200
 * modules, a fifth of a composer's, which every full garbage collection would walk).
 *
 * @example
 * new BatchSpanProcessor({ exporter: otlpTraceExporter("http://collector:4318/v1/traces") });
 */
import { type ExportResult, ExportResultCode } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace";

export function otlpTraceExporter(url: string): SpanExporter {
  let loaded: Promise<SpanExporter> | undefined;
  const exporter = () =>
    (loaded ??= import("@opentelemetry/exporter-trace-otlp-http").then(
      ({ OTLPTraceExporter }) => new OTLPTraceExporter({ url }),
    ));
  return {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
      exporter().then(
        (ready) => ready.export(spans, done),
        (error: Error) => done({ code: ExportResultCode.FAILED, error }),
      );
    },
    shutdown: () => (loaded ? loaded.then((ready) => ready.shutdown()) : Promise.resolve()),
    forceFlush: () => (loaded ? loaded.then((ready) => ready.forceFlush?.()) : Promise.resolve()),
  };
}
