/**
 * Fetching one fragment for a page: the team's endpoint from its manifest, the slot's parameters,
 * the forwarded context, a timeout, the cache (fresh, stale-while-revalidate, ETag revalidation,
 * stale-if-error), and — when it fails — the last good copy or the fallback. Every fragment is one
 * span (a CLIENT span: its fetch is traced in it) carrying its outcome, and every outcome is
 * counted; failures are logged.
 */
import { cancelBody, type WireAnswer } from "@tessera/chassis/http";
import { Counter, type Metrics } from "@tessera/chassis/metrics";
import { VERSION_HEADER } from "@tessera/chassis/releases";
import {
  type Attributes,
  type Context,
  context,
  markFailed,
  openSpan,
  type Span,
  SpanKind,
} from "@tessera/chassis/trace";
import type { Logger } from "pino";
import type { FragmentResult } from "../compose.ts";
import type { Upstream } from "../discovery/upstream.ts";
import { type FragmentSlot, slotQuery } from "../template/parse.ts";
import type { CacheEntry, FragmentCache } from "./cache.ts";
import type { ManifestStore } from "./manifests.ts";

export interface ResolverOptions {
  upstream: Upstream;
  manifests: ManifestStore;
  cache: FragmentCache;
  log: Logger;
  metrics: Metrics;
  defaultTimeoutMs: number;
  /** Whether fragments go in batches to the teams whose manifests name a batch endpoint (default true). */
  batches?: boolean;
  /** Most bytes of a fragment body kept as its cached copy. */
  maxCachedBytes?: number;
}

export interface PageRequest {
  request: Request;
  url: URL;
  params: Record<string, string>;
  /** Headers every fragment of the page receives (allowlisted request headers + shopper context). */
  context: Headers;
  /** The template's default timeout, if it sets one. */
  timeoutMs?: number;
  /**
   * The fragment version of each team with releases, taken once for the page (no skew between its
   * fragments): sent to the team in `tessera-fragment-version`, and part of the cache key.
   */
  versions?: Record<string, string>;
  /** The page's trace context, the parent of every fragment's span (the active one when omitted). */
  trace?: Context;
}

export type Resolver = (slot: FragmentSlot, page: PageRequest) => Promise<FragmentResult>;

/** The fallback markup of a slot. */
export function fallbackHtml(slot: FragmentSlot, html: string): string {
  return `<div data-boundary="${slot.service}/${slot.name}" data-fallback="true">${html}</div>`;
}

export function createResolver(options: ResolverOptions): Resolver {
  const outcomes = new Counter({
    name: "composer_fragment_requests_total",
    help: "Fragment requests by owning team, fragment and outcome (ok, cache-hit, stale, revalidated, stale-if-error, last-good, fallback, timeout, or the error status)",
    labelNames: ["team", "fragment", "outcome"] as const,
    registers: [options.metrics.registry],
  });
  const maxBytes = options.maxCachedBytes ?? 256 * 1024;
  const batches = options.batches ?? true;
  const revalidating = new Set<string>();

  function fromCache(entry: CacheEntry): FragmentResult {
    return { status: entry.status, headers: entry.headers, body: entry.body, fallback: false };
  }

  /**
   * Returns the answer's body, keeping it in the cache when its directives allow: a body that
   * came whole is stored as it is, a stream is teed into the cache as it passes.
   */
  function keep(url: string, sent: Headers, answer: WireAnswer): Uint8Array | ReadableStream<Uint8Array> {
    const { body, headers, status } = answer;
    const etag = headers.get("etag") ?? undefined;
    const cc = headers.get("cache-control") ?? "";
    if (!cc && !etag) return body;
    if (body instanceof Uint8Array) {
      if (body.byteLength <= maxBytes)
        options.cache.put(url, sent, {
          status,
          headers: headers.toHeaders(),
          body,
          storedAt: Date.now(),
          etag,
        });
      return body;
    }
    const [toPage, toCache] = body.tee();
    void (async () => {
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of toCache) {
        size += chunk.byteLength;
        if (size > maxBytes) return;
        chunks.push(chunk);
      }
      options.cache.put(url, sent, {
        status,
        headers: headers.toHeaders(),
        body: Buffer.concat(chunks),
        storedAt: Date.now(),
        etag,
      });
    })().catch(() => {});
    return toPage;
  }

  /** The headers a page's fragments of one team version are sent (built once per page and version). */
  const sentByPage = new WeakMap<PageRequest, Map<string, Headers>>();
  function sentHeaders(page: PageRequest, version: string | undefined): Headers {
    let byVersion = sentByPage.get(page);
    if (!byVersion) {
      byVersion = new Map();
      sentByPage.set(page, byVersion);
    }
    let sent = byVersion.get(version ?? "");
    if (!sent) {
      sent = new Headers(page.context);
      sent.set("accept", "text/html");
      if (version) sent.set(VERSION_HEADER, version);
      byVersion.set(version ?? "", sent);
    }
    return sent;
  }

  /** A slot's span attributes, made once per slot (templates and nested tags are parsed once). */
  const attributesOf = new WeakMap<FragmentSlot, Attributes>();
  const spanAttributes = (slot: FragmentSlot): Attributes => {
    let attributes = attributesOf.get(slot);
    if (!attributes) {
      attributes = {
        "tessera.fragment.team": slot.service,
        "tessera.fragment.name": slot.name,
        "tessera.fragment.tier": slot.tier,
      };
      attributesOf.set(slot, attributes);
    }
    return attributes;
  };

  // One CLIENT span per fragment, its fetch traced in it; opened without being made active (the
  // fetch sends its `traceparent` from the span itself), so no context object is made per fragment.
  return async (slot, page) => {
    const span = openSpan(`fragment ${slot.service}/${slot.name}`, page.trace ?? context.active(), {
      kind: SpanKind.CLIENT,
      attributes: spanAttributes(slot),
    });
    try {
      return await resolveIn(span, slot, page);
    } catch (error) {
      markFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  };

  async function resolveIn(span: Span, slot: FragmentSlot, page: PageRequest): Promise<FragmentResult> {
    const done = (result: FragmentResult, outcome: string, reason?: string) => {
      outcomes.inc({ team: slot.service, fragment: slot.name, outcome });
      span.setAttribute("tessera.fragment.outcome", outcome);
      if (reason) {
        span.setAttribute("tessera.fragment.failure", reason);
        options.log.warn(
          {
            service: slot.service,
            fragment: slot.name,
            tier: slot.tier,
            status: result.status,
            outcome,
            reason,
          },
          "fragment failed",
        );
      }
      return result;
    };
    const manifest = options.manifests.peek?.(slot.service) ?? (await options.manifests.get(slot.service));
    const definition = manifest?.fragments[slot.name];
    const fallback = slot.fallback || definition?.fallback || "";
    if (!definition) {
      const reason = manifest
        ? `the manifest of ${slot.service} has no fragment "${slot.name}"`
        : `no manifest for ${slot.service} (no instance registered or reachable)`;
      const status = slot.tier === "primary" ? 404 : 503;
      const result = {
        status,
        headers: new Headers(),
        body: fallbackHtml(slot, fallback),
        fallback: true,
      };
      options.log.warn({ service: slot.service, fragment: slot.name, status, reason }, "fragment fell back");
      return done(result, "fallback", reason);
    }
    const query = slotQuery(slot, page.url, page.params);
    const path = query ? `${definition.endpoint}?${query}` : definition.endpoint;
    const version = page.versions?.[slot.service];
    const batchPath = batches && definition.batch !== false ? manifest.batch : undefined;
    const key = version ? `${slot.service}@${version}${path}` : `${slot.service}${path}`;
    const sent = sentHeaders(page, version);
    const now = Date.now();
    const cached = options.cache.get(key, sent);
    const freshness = cached && options.cache.freshness(cached, now);
    if (cached && freshness === "fresh") return done(fromCache(cached), "cache-hit");

    const timeoutMs = slot.timeoutMs ?? page.timeoutMs ?? options.defaultTimeoutMs;
    // in the foreground the fetch is traced in the fragment's span; a background revalidation gets its own
    const request = async (background = false): Promise<{ result: FragmentResult; outcome: string }> => {
      // `sent` is shared by the page's fragments of one version: copied only to add a validator
      const headers = cached?.etag ? new Headers(sent) : sent;
      if (cached?.etag) headers.set("if-none-match", cached.etag);
      const { answer } = await options.upstream.fragment(slot.service, path, {
        headers,
        // a redirect is the fragment's answer (the wire client never follows one; fetch must not)
        redirect: "manual",
        timeoutMs,
        // one span per fragment: the fetch is traced in the fragment's span, not a second one
        ...(background ? { spanName: `GET ${slot.service}${definition.endpoint}` } : { span }),
        // the page's fragments of this team (same headers) share one request when it batches
        batch: batchPath && headers === sent ? { path: batchPath, key: sent } : undefined,
      });
      const { status, headers: answered } = answer;
      if (status === 304 && cached) {
        cancelBody(answer);
        const renewed = options.cache.renew(key, sent, answered, Date.now()) ?? cached;
        return { result: fromCache(renewed), outcome: "revalidated" };
      }
      const ok = status >= 200 && status < 300;
      const type = answered.get("content-type") ?? "";
      if (ok && !type.startsWith("text/html")) {
        cancelBody(answer);
        throw Object.assign(new Error(`answered ${status} with ${type || "no content type"}, not HTML`), {
          status: 502,
        });
      }
      if (ok)
        return {
          result: { status, headers: answered, body: keep(key, sent, answer), fallback: false },
          outcome: "ok",
        };
      cancelBody(answer);
      if (slot.tier === "primary")
        return { result: { status, headers: answered, body: "", fallback: false }, outcome: String(status) };
      throw Object.assign(new Error(`answered ${status}`), { status });
    };

    if (cached && freshness === "stale-while-revalidate") {
      if (!revalidating.has(key)) {
        revalidating.add(key);
        void request(true)
          .then(({ result }) => (result.body instanceof ReadableStream ? readAll(result.body) : undefined))
          .catch(() => {})
          .finally(() => revalidating.delete(key));
      }
      return done(fromCache(cached), "stale");
    }
    try {
      const { result, outcome } = await request();
      return done(
        result,
        outcome,
        outcome === "ok" || outcome === "revalidated" ? undefined : `answered ${result.status}`,
      );
    } catch (error) {
      const status = (error as { status?: number }).status ?? 502;
      const reason = (error as Error).message;
      const outcome = (error as { code?: string }).code === "timeout" ? "timeout" : String(status);
      outcomes.inc({ team: slot.service, fragment: slot.name, outcome });
      const latest = options.cache.get(key, sent);
      if (latest && options.cache.usableOnError(latest, Date.now()))
        return done(fromCache(latest), "stale-if-error", reason);
      if (latest && slot.tier === "optional") return done(fromCache(latest), "last-good", reason);
      return done(
        { status, headers: new Headers(), body: fallbackHtml(slot, fallback), fallback: true },
        "fallback",
        reason,
      );
    }
  }
}

async function readAll(body: ReadableStream<Uint8Array>): Promise<void> {
  for await (const _ of body) {
  }
}
