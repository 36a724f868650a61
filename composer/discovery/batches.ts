/**
 * Fragment calls to one service gathered into one batch request (`@tessera/chassis/http`'s
 * fragment batches): the calls a page makes in the same tick to a service whose manifest names a
 * batch path, with the same headers, go to one instance as one request, and each call gets its
 * own part of the answer as soon as that part arrives. What a call would get on its own holds
 * part by part: its own timeout, its answer counted by the instance's breaker, a 5xx or a
 * failure retried on its own on another instance (within the retry budget), its span naming the
 * part's URL and status. A batch the instance refuses (no batch endpoint) becomes single calls.
 */
import { AppError } from "@tessera/chassis/errors";
import {
  BATCH_CONTENT_TYPE,
  BatchDecoder,
  batchTarget,
  type HttpClient,
  MAX_BATCH_PARTS,
  type RequestOptions,
  type WireAnswer,
} from "@tessera/chassis/http";
import type { ServiceInstance } from "@tessera/chassis/registry";
import { type Context, context, openSpan, SpanKind, traceHeadersOf } from "@tessera/chassis/trace";
import { type Breakers, FailedStatus } from "./breakers.ts";

/** Lets a fragment call share a batch: the service's batch path, and what the calls of one batch share. */
export interface BatchOption {
  /** The batch endpoint's path on the service (its manifest's `batch`). */
  path: string;
  /** Calls batch together only when they give the same key (a page's shared headers object). */
  key: object;
}

type Answered = { answer: WireAnswer; instance: ServiceInstance };

/** What the batcher needs of the upstream: its own steps, so a part is treated as a single call. */
export interface BatchSteps {
  http: HttpClient;
  breakers: Breakers;
  /** Deposits one call into the retry budget. */
  deposit(): void;
  pick(service: string): ServiceInstance | undefined;
  /** The URL of `path` on `instance`. */
  target(instance: ServiceInstance, path: string): string;
  /** One call from the start (pick, breaker, retry). */
  run(service: string, path: string, init: RequestOptions): Promise<Answered>;
  /** One call on `instance` (through its breaker when the circuit is not plainly closed). */
  tryAt(service: string, path: string, init: RequestOptions, instance: ServiceInstance): Promise<Answered>;
  /** After a part failed on `instance`: a retry elsewhere within the budget, else that answer or failure. */
  retryAfter(
    service: string,
    path: string,
    init: RequestOptions,
    instance: ServiceInstance,
    failed: { answer: WireAnswer } | undefined,
    failure?: unknown,
  ): Promise<Answered>;
}

interface Call {
  path: string;
  init: RequestOptions;
  resolve(answered: Answered | Promise<Answered>): void;
  settled: boolean;
}

interface Group {
  service: string;
  batchPath: string;
  key: object;
  /** The first caller's trace context: the batch request's span is made in it. */
  context: Context;
  calls: Call[];
}

/** The most characters of part paths one batch's query holds (~8 KB request line once escaped). */
const MAX_QUERY = 4000;

export interface Batcher {
  /** The call, sent with the others of its batch at the end of this tick. */
  call(service: string, path: string, init: RequestOptions, batch: BatchOption): Promise<Answered>;
}

export function createBatcher(steps: BatchSteps): Batcher {
  let groups: Group[] = [];
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    const due = groups;
    groups = [];
    for (const group of due) {
      // at most MAX_BATCH_PARTS parts and ~MAX_QUERY characters of paths a batch (a request line stays short)
      let chunk: Call[] = [];
      let size = 0;
      for (const call of group.calls) {
        if (chunk.length === MAX_BATCH_PARTS || (chunk.length > 0 && size + call.path.length > MAX_QUERY)) {
          sendChunk(group, chunk);
          chunk = [];
          size = 0;
        }
        chunk.push(call);
        size += call.path.length;
      }
      sendChunk(group, chunk);
    }
  }

  /** A chunk of one call goes alone (no batch of one part); more go as one batch. */
  function sendChunk(group: Group, calls: Call[]): void {
    if (calls.length > 1) send(group, calls);
    else {
      const [only] = calls as [Call];
      only.resolve(steps.run(group.service, only.path, only.init));
    }
  }

  function send(group: Group, calls: Call[]): void {
    const { service } = group;
    const instance = steps.pick(service);
    for (const _ of calls) steps.deposit();
    // no instance, or a circuit being tried again: each call as it would go alone
    if (!instance || !steps.breakers.direct(instance.id)) {
      for (const call of calls)
        call.resolve(
          instance
            ? steps.tryAt(service, call.path, call.init, instance)
            : steps.run(service, call.path, call.init),
        );
      return;
    }
    const { breakers } = steps;
    let left = calls.length;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    /**
     * Marks `call` answered. Once every call is, the rest of the answer is read to its end (the
     * connection is kept) when the last part came, or dropped when the last call gave up waiting.
     */
    const settle = (call: Call, delivered = false): boolean => {
      if (call.settled) return false;
      call.settled = true;
      if (--left === 0) {
        clearTimeout(timer);
        if (!delivered) reader?.cancel().catch(() => {});
      }
      return true;
    };
    /** A failed part: counted, then retried on its own elsewhere (or its answer or failure as it is). */
    const failed = (call: Call, failed: { answer: WireAnswer } | undefined, failure?: unknown) =>
      call.resolve(steps.retryAfter(service, call.path, call.init, instance, failed, failure));
    /** The batch failed as a whole: one failure for the breaker, every unanswered part retried alone. */
    const fail = (error: unknown) => {
      if (left === 0) return;
      breakers.failed(instance.id, error);
      for (const call of calls) if (settle(call)) failed(call, undefined, error);
    };
    const deliver = (index: number, answer: WireAnswer) => {
      const call = calls[index] as Call;
      if (!settle(call, true)) return;
      const span = call.init.span;
      if (span?.isRecording())
        span.setAttributes({
          "http.request.method": "GET",
          "url.full": steps.target(instance, call.path),
          "http.response.status_code": answer.status,
          "tessera.fragment.batch_parts": calls.length,
        });
      if (answer.status < 500) {
        breakers.succeeded(instance.id);
        call.resolve({ answer, instance });
        return;
      }
      breakers.failed(instance.id, new FailedStatus(answer, answer.status));
      failed(call, { answer });
    };

    // each part's own timeout, on one timer set for the nearest (a part without one: the http
    // client's default bounds the batch's head, as it bounds a single call's)
    const started = performance.now();
    const timeoutOf = (call: Call) => call.init.timeoutMs ?? Number.POSITIVE_INFINITY;
    const arm = () => {
      let next = Number.POSITIVE_INFINITY;
      for (const call of calls) if (!call.settled) next = Math.min(next, timeoutOf(call));
      if (next === Number.POSITIVE_INFINITY) return;
      timer = setTimeout(
        () => {
          const elapsed = performance.now() - started;
          for (const call of calls) {
            const ms = timeoutOf(call);
            if (call.settled || ms > elapsed + 1) continue;
            const url = steps.target(instance, call.path);
            const error = new AppError("timeout", `GET ${url} gave no answer within ${ms} ms`, {
              upstream: new URL(url).origin,
            });
            settle(call);
            breakers.failed(instance.id, error);
            failed(call, undefined, error);
          }
          if (left > 0) arm();
        },
        Math.max(0, next - (performance.now() - started)),
      );
    };
    arm();

    const parts = calls.map((call) => ({
      path: call.path,
      traceparent: call.init.span ? traceHeadersOf(call.init.span).traceparent : undefined,
    }));
    const first = calls[0] as Call;
    // the batch request's CLIENT span, under the first caller's trace context, not made active
    // (its traceparent goes out from the span itself): ended once the answer's head came
    const span = openSpan(`GET ${service} fragment batch`, group.context, { kind: SpanKind.CLIENT });
    // the longest part's timeout (none when a part has none: the client's default)
    const longest = Math.max(...calls.map(timeoutOf));
    const sent = steps.http.wire(steps.target(instance, batchTarget(group.batchPath, parts)), {
      headers: first.init.headers,
      timeoutMs: Number.isFinite(longest) ? longest : undefined,
      span,
    });
    sent.then(
      () => span.end(),
      () => span.end(),
    );
    sent.then((answer) => {
      if (left === 0)
        return void (answer.body instanceof ReadableStream && answer.body.cancel().catch(() => {}));
      const type = answer.headers.get("content-type") ?? "";
      if (answer.status !== 200 || !type.startsWith(BATCH_CONTENT_TYPE)) {
        if (answer.body instanceof ReadableStream) answer.body.cancel().catch(() => {});
        if (answer.status >= 500) return fail(new FailedStatus(answer, answer.status));
        // no batch endpoint there (or the batch refused): each part as a single call on the same instance
        for (const call of calls)
          if (settle(call)) call.resolve(steps.tryAt(service, call.path, call.init, instance));
        return;
      }
      const decoder = new BatchDecoder(calls.length);
      const ended = () => {
        if (left > 0)
          fail(new AppError("bad_gateway", `the fragment batch of ${service} ended before every part`));
      };
      try {
        if (answer.body instanceof Uint8Array) {
          decoder.feed(answer.body, deliver);
          return ended();
        }
      } catch (error) {
        return fail(error);
      }
      const stream = answer.body.getReader();
      reader = stream;
      const pump = (): Promise<void> =>
        stream.read().then(({ done, value }) => {
          if (done) return ended();
          decoder.feed(value, deliver);
          return pump();
        });
      pump().catch(fail);
    }, fail);
  }

  return {
    call(service, path, init, batch) {
      return new Promise<Answered>((resolve) => {
        let group: Group | undefined;
        for (const g of groups)
          if (g.key === batch.key && g.service === service && g.batchPath === batch.path) group = g;
        if (!group) {
          group = { service, batchPath: batch.path, key: batch.key, context: context.active(), calls: [] };
          groups.push(group);
        }
        group.calls.push({ path, init, resolve, settled: false });
        if (!scheduled) {
          scheduled = true;
          queueMicrotask(flush);
        }
      });
    },
  };
}
