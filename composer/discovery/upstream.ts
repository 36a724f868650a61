/**
 * Calling a service found through discovery: round robin across its healthy instances whose
 * circuit is not open, each call through the instance's breaker, and for idempotent requests
 * one retry on another instance when the retry budget allows.
 */
import { AppError } from "@tessera/chassis/errors";
import { cancelBody, type HttpClient, type RequestOptions, type WireAnswer } from "@tessera/chassis/http";
import type { ServiceInstance } from "@tessera/chassis/registry";
import { BrokenCircuitError } from "cockatiel";
import { type BatchOption, createBatcher } from "./batches.ts";
import { type Breakers, FailedStatus } from "./breakers.ts";
import type { Discovery } from "./discovery.ts";
import type { RetryBudget } from "./retry-budget.ts";

/** What {@link Upstream.fetch} answers: the response and the instance that gave it. */
export interface UpstreamResponse {
  response: Response;
  instance: ServiceInstance;
}

/** What {@link Upstream.fragment} answers: the wire client's answer and the instance that gave it. */
export interface UpstreamAnswer {
  answer: WireAnswer;
  instance: ServiceInstance;
}

/** A fragment call's options: a call given `batch` may share one request with the page's other calls to the service. */
export interface FragmentOptions extends RequestOptions {
  batch?: BatchOption;
}

export interface Upstream {
  /** Requests `path` (with its query) from an instance of `service`; throws AppError when none answers. */
  fetch(service: string, path: string, init?: RequestOptions): Promise<UpstreamResponse>;
  /**
   * The same call through {@link HttpClient.wire} (the same instances, breakers and retries): a
   * body that came with the head is one `Uint8Array`, no `Response` is built. For fragments. With
   * `init.batch`, a GET goes in one batch with the calls of this tick to the same service and key
   * (batches.ts).
   */
  fragment(service: string, path: string, init?: FragmentOptions): Promise<UpstreamAnswer>;
  /** The base URL of an instance of `service` (round robin), or undefined when there is none. */
  pick(service: string): ServiceInstance | undefined;
}

export interface UpstreamOptions {
  discovery: Discovery;
  breakers: Breakers;
  budget: RetryBudget;
  http: HttpClient;
}

/** How one kind of call is sent, and how its answer's status is read and its body dropped. */
interface Call<T> {
  send(url: string, init: RequestOptions): Promise<T>;
  status(answer: T): number;
  cancel(answer: T): void;
}

/** An answer and the instance that gave it. */
type Answered<T> = { answer: T; instance: ServiceInstance };

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS"]);

export function createUpstream(options: UpstreamOptions): Upstream {
  const cursors = new Map<string, number>();
  /** Each instance URL's origin, parsed once: a path joins it by concatenation, no URL per call. */
  const origins = new Map<string, string>();
  const viaFetch: Call<Response> = {
    send: (url, init) => options.http.fetch(url, init),
    status: (response) => response.status,
    cancel: (response) => void response.body?.cancel().catch(() => {}),
  };
  const viaWire: Call<WireAnswer> = {
    send: (url, init) => options.http.wire(url, init),
    status: (answer) => answer.status,
    cancel: cancelBody,
  };

  function target(instance: ServiceInstance, path: string): string {
    if (!path.startsWith("/") || path.startsWith("//")) return new URL(path, instance.url).href;
    let origin = origins.get(instance.url);
    if (origin === undefined) {
      origin = new URL(instance.url).origin;
      if (origins.size > 1000) origins.clear();
      origins.set(instance.url, origin);
    }
    return origin + path;
  }

  function pick(service: string, exclude?: Set<string>): ServiceInstance | undefined {
    const usable: ServiceInstance[] = [];
    for (const i of options.discovery.instances(service))
      if (i.health === "up" && !exclude?.has(i.id) && options.breakers.available(i.id)) usable.push(i);
    if (usable.length === 0) return undefined;
    const cursor = cursors.get(service) ?? 0;
    cursors.set(service, cursor + 1);
    return usable[cursor % usable.length];
  }

  /** The answer of `instance`, read in one step; a failure or 5xx goes to {@link retryAfter}. */
  function tryAt<T>(
    call: Call<T>,
    service: string,
    path: string,
    init: RequestOptions,
    instance: ServiceInstance,
    tried: Set<string> | undefined,
  ): Promise<Answered<T>> {
    const { breakers } = options;
    // the usual call (its circuit closed, no failure counted) runs as it is: no breaker step
    if (breakers.direct(instance.id))
      return call.send(target(instance, path), init).then(
        (answer) => {
          const status = call.status(answer);
          if (status < 500) {
            breakers.succeeded(instance.id);
            return { answer, instance };
          }
          breakers.failed(instance.id, new FailedStatus(answer, status));
          return retryAfter(call, service, path, init, instance, tried, { answer });
        },
        (error) => {
          breakers.failed(instance.id, error);
          return retryAfter(call, service, path, init, instance, tried, undefined, error);
        },
      );
    return breakers
      .call(instance.id, () =>
        call.send(target(instance, path), init).then((answer) => {
          const status = call.status(answer);
          if (status >= 500) throw new FailedStatus(answer, status);
          return answer;
        }),
      )
      .then(
        (answer) => ({ answer, instance }),
        (error) => {
          if (error instanceof FailedStatus)
            return retryAfter(call, service, path, init, instance, tried, { answer: error.answer as T });
          const failure =
            error instanceof BrokenCircuitError
              ? new AppError("unavailable", `${instance.name} instance ${instance.id}: circuit open`)
              : error;
          return retryAfter(call, service, path, init, instance, tried, undefined, failure);
        },
      );
  }

  /**
   * After `instance` failed (a 5xx `failed` answer, or `failure`): one retry on another instance
   * for an idempotent call within the budget, else that answer or failure. An abort is not retried.
   */
  function retryAfter<T>(
    call: Call<T>,
    service: string,
    path: string,
    init: RequestOptions,
    instance: ServiceInstance,
    tried: Set<string> | undefined,
    failed: { answer: T } | undefined,
    failure?: unknown,
  ): Promise<Answered<T>> {
    if (!failed && (failure as Error)?.name === "AbortError") return Promise.reject(failure);
    const seen = tried ?? new Set<string>();
    seen.add(instance.id);
    const method = init.method ? init.method.toUpperCase() : "GET";
    const next = IDEMPOTENT.has(method) ? pick(service, seen) : undefined;
    if (!next || seen.size > 1 || !options.budget.withdraw())
      return failed ? Promise.resolve({ answer: failed.answer, instance }) : Promise.reject(failure);
    if (failed) call.cancel(failed.answer);
    return tryAt(call, service, path, init, next, seen);
  }

  /** Round robin, breaker and (for idempotent calls within the budget) one retry elsewhere. */
  function run<T>(call: Call<T>, service: string, path: string, init: RequestOptions): Promise<Answered<T>> {
    const first = pick(service);
    if (!first) {
      const known = options.discovery.instances(service).length > 0;
      return Promise.reject(
        new AppError(
          known ? "unavailable" : "not_found",
          known
            ? `Every instance of "${service}" is unavailable (circuit open or draining)`
            : `No service named "${service}" is registered`,
          { service },
        ),
      );
    }
    options.budget.deposit();
    return tryAt(call, service, path, init, first, undefined);
  }

  const batcher = createBatcher({
    http: options.http,
    breakers: options.breakers,
    deposit: () => options.budget.deposit(),
    pick: (service) => pick(service),
    target,
    run: (service, path, init) => run(viaWire, service, path, init),
    tryAt: (service, path, init, instance) => tryAt(viaWire, service, path, init, instance, undefined),
    retryAfter: (service, path, init, instance, failed, failure) =>
      retryAfter(viaWire, service, path, init, instance, undefined, failed, failure),
  });

  return {
    pick: (service) => pick(service),
    async fetch(service, path, init = {}) {
      const { answer, instance } = await run(viaFetch, service, path, init);
      return { response: answer, instance };
    },
    fragment: (service, path, init = {}) =>
      init.batch && !init.signal && (!init.method || init.method.toUpperCase() === "GET")
        ? batcher.call(service, path, init, init.batch)
        : run(viaWire, service, path, init),
  };
}
