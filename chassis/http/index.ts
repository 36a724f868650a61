/**
 * The HTTP client services use to call each other: a timeout on every call, a CLIENT span with
 * `traceparent` sent along, and problem+json errors decoded into {@link AppError}s.
 *
 * @example
 * const http = createHttpClient({ timeoutMs: 2000 });
 * const product = await http.json<Product>(`${catalogUrl}/api/products/${sku}`);
 */
import { AppError, codeForStatus, isProblem } from "../errors/index.ts";
import {
  context,
  injectTraceHeaders,
  markFailed,
  type Span,
  SpanKind,
  trace,
  traceHeadersOf,
  withSpan,
} from "../trace/index.ts";
import { HeaderFields } from "./header-fields.ts";
import { createWireClient, type WireAnswer, type WireClient, type WireClientOptions } from "./wire.ts";

export {
  BATCH_CONTENT_TYPE,
  BatchDecoder,
  type BatchPart,
  type BatchServerOptions,
  batchTarget,
  FRAGMENT_BATCH_PATH,
  MAX_BATCH_PARTS,
  type PartAnswer,
  serveFragmentBatch,
} from "./fragment-batch.ts";
export { HeaderFields, type HeaderLookup } from "./header-fields.ts";
export {
  cancelBody,
  createWireClient,
  type WireAnswer,
  type WireClient,
  type WireClientOptions,
} from "./wire.ts";

export interface RequestOptions extends RequestInit {
  /** Abort the call when no response headers arrived after this long (the client's default otherwise). */
  timeoutMs?: number;
  /** A name for the span (`GET catalog` by default: method and host). */
  spanName?: string;
  /**
   * The caller's span for this call (e.g. a composer's span per fragment, opened with `openSpan`,
   * not active): no span of its own is opened; the call's attributes and failure go on this one,
   * and the `traceparent` sent names it.
   */
  span?: Span;
}

export interface HttpClient {
  /** A traced `fetch` with a timeout; never throws for an HTTP status, only for no answer. */
  fetch(url: string | URL, init?: RequestOptions): Promise<Response>;
  /**
   * The same call as {@link HttpClient.fetch} (timeout on the head, span, `traceparent`, errors)
   * over the keep-alive wire client for `http:` URLs, answering status, headers and a body that
   * is one `Uint8Array` when it came with the head: no `Response` or stream for a small answer.
   * `https:` URLs and a client made with a custom `fetch` go through `fetch`, converted.
   */
  wire(url: string, init?: RequestOptions): Promise<WireAnswer>;
  /** Fetches JSON; a non-2xx status throws an AppError carrying the upstream's problem. */
  json<T>(url: string | URL, init?: RequestOptions): Promise<T>;
}

export interface HttpClientOptions {
  timeoutMs?: number;
  /** The underlying fetch (tests pass an app's `request`); {@link HttpClient.wire} then uses it too. */
  fetch?: (input: Request) => Promise<Response>;
  /** The wire client's pool settings (or a wire client to share). */
  wire?: WireClientOptions | WireClient;
}

/** A client with timeouts, trace propagation and problem decoding. */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  // Without a custom fetch, the global one is called with the URL and init as they are: no
  // Request object is built per call (the fast path a composer's fragment fetches take).
  const custom = options.fetch;
  const send = (target: string, init: RequestInit): Promise<Response> =>
    custom ? custom(new Request(target, init)) : fetch(target, init);
  const defaultTimeout = options.timeoutMs ?? 5000;

  async function tracedFetch(url: string | URL, init: RequestOptions = {}): Promise<Response> {
    // a string URL is parsed only when a span name or an error needs its parts
    const target = typeof url === "string" ? url : url.href;
    const origin = () => new URL(target).origin;
    const method = (init.method ?? "GET").toUpperCase();
    const timeoutMs = init.timeoutMs ?? defaultTimeout;
    const call = async (span: Span): Promise<Response> => {
      const headers = injectTraceHeaders(
        new Headers(init.headers),
        init.span ? trace.setSpan(context.active(), init.span) : context.active(),
      );
      // The timeout bounds the wait for the response headers; the body then streams on its own
      // (a composer pipes fragment bodies long after their headers arrived).
      const controller = new AbortController();
      const timer = setTimeout(
        () => controller.abort(new DOMException("timed out", "TimeoutError")),
        timeoutMs,
      );
      const signal = init.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
      try {
        const response = await send(target, { ...init, method, headers, signal });
        span.setAttribute("http.response.status_code", response.status);
        return response;
      } catch (error) {
        if (controller.signal.aborted) {
          throw new AppError("timeout", `${method} ${target} gave no answer within ${timeoutMs} ms`, {
            upstream: origin(),
          });
        }
        if ((error as Error).name === "AbortError") throw error;
        throw new AppError("bad_gateway", `${method} ${target} failed: ${(error as Error).message}`, {
          upstream: origin(),
        });
      } finally {
        clearTimeout(timer);
      }
    };
    return inClientSpan(init, method, target, call);
  }

  let wireClient: WireClient | undefined;
  const wireOf = (): WireClient => {
    if (!wireClient) {
      const given = options.wire;
      wireClient = given && "request" in given ? given : createWireClient(given);
    }
    return wireClient;
  };

  function tracedWire(url: string, init: RequestOptions = {}): Promise<WireAnswer> {
    if (custom || !url.startsWith("http:"))
      return tracedFetch(url, init).then((response) => ({
        status: response.status,
        headers: HeaderFields.of(response.headers),
        body: response.body ?? new Uint8Array(0),
      }));
    const method = init.method ? init.method.toUpperCase() : "GET";
    const timeoutMs = init.timeoutMs ?? defaultTimeout;
    /** The wire client's failure as the caller sees it: its abort as it is, else an AppError. */
    const failure = (error: unknown): unknown => {
      if (init.signal?.aborted) return error;
      if ((error as Error).name === "TimeoutError")
        return new AppError("timeout", `${method} ${url} gave no answer within ${timeoutMs} ms`, {
          upstream: new URL(url).origin,
        });
      return new AppError("bad_gateway", `${method} ${url} failed: ${(error as Error).message}`, {
        upstream: new URL(url).origin,
      });
    };
    // one promise step per call (no async frames): a composer makes one such call per fragment
    const call = (span: Span): Promise<WireAnswer> => {
      let sent: Promise<WireAnswer>;
      try {
        // the caller's headers go as they are (a page's fragments share one Headers), the trace
        // context on top of them
        const headers = init.headers as Headers | Record<string, string> | undefined;
        sent = wireOf().request(url, {
          method,
          headers: Array.isArray(headers) ? new Headers(headers) : headers,
          overrides: init.span ? traceHeadersOf(init.span) : injectTraceHeaders({}),
          body: wireBody(init.body),
          signal: init.signal ?? undefined,
          timeoutMs,
        });
      } catch (error) {
        return Promise.reject(failure(error));
      }
      return sent.then(
        (answer) => {
          span.setAttribute("http.response.status_code", answer.status);
          return answer;
        },
        (error) => {
          throw failure(error);
        },
      );
    };
    return inClientSpan(init, method, url, call);
  }

  return {
    fetch: tracedFetch,
    wire: tracedWire,
    async json<T>(url: string | URL, init: RequestOptions = {}): Promise<T> {
      const headers = new Headers(init.headers);
      if (!headers.has("accept")) headers.set("accept", "application/json");
      const response = await tracedFetch(url, { ...init, headers });
      const text = await response.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        throw new AppError("bad_gateway", `${url} answered ${response.status} with a body that is not JSON`);
      }
      if (!response.ok) {
        const detail = isProblem(body) ? body.detail : `${url} answered ${response.status}`;
        throw new AppError(codeForStatus(response.status), String(detail), {
          upstream: new URL(url).origin,
          upstream_status: response.status,
          upstream_problem: isProblem(body) ? body : undefined,
        });
      }
      return body as T;
    },
  };
}

/** A request body the wire client sends as it is (a string or bytes); other kinds are refused. */
function wireBody(body: RequestInit["body"]): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string" || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError(
    "HttpClient.wire sends a string, Uint8Array or ArrayBuffer body; use fetch for streams and forms",
  );
}

/**
 * Runs a call in its CLIENT span: the caller's own span when `init.span` is given (the call's
 * attributes and failure go on it), else a new one named `init.spanName` or `METHOD host`.
 */
function inClientSpan<T>(
  init: RequestOptions,
  method: string,
  url: string,
  call: (span: Span) => Promise<T>,
): Promise<T> {
  const own = init.span;
  if (own) {
    // a span nobody records (nothing exported) is spared the attributes and the failure step
    if (!own.isRecording()) return call(own);
    own.setAttributes({ "http.request.method": method, "url.full": url });
    return call(own).catch((error) => {
      markFailed(own, error);
      throw error;
    });
  }
  const attributes = { "http.request.method": method, "url.full": url };
  return withSpan(init.spanName ?? `${method} ${new URL(url).host}`, call, {
    kind: SpanKind.CLIENT,
    attributes,
  });
}
