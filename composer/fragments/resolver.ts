/**
 * Fetching one fragment for a page: the team's endpoint from its manifest, the slot's
 * parameters, the forwarded context (an allowlist of headers), a timeout, and the fallback when
 * an optional fragment fails. Every outcome is logged, traced and counted.
 */

import type { HttpClient } from "@tessera/chassis/http";
import { Counter, type Metrics } from "@tessera/chassis/metrics";
import type { Logger } from "pino";
import type { FragmentResult } from "../compose.ts";
import { type FragmentSlot, slotParams } from "../template/parse.ts";
import type { ManifestStore } from "./manifests.ts";

/** Request headers a fragment may see; everything else (cookies, credentials) stays here. */
export const FORWARDED_HEADERS = ["accept-language", "user-agent", "x-request-id"];

export interface ResolverOptions {
  services: Record<string, string>;
  manifests: ManifestStore;
  http: HttpClient;
  log: Logger;
  metrics: Metrics;
  defaultTimeoutMs: number;
}

export interface PageRequest {
  request: Request;
  url: URL;
  params: Record<string, string>;
}

export type Resolver = (slot: FragmentSlot, page: PageRequest) => Promise<FragmentResult>;

export function createResolver(options: ResolverOptions): Resolver {
  const outcomes = new Counter({
    name: "composer_fragment_requests_total",
    help: "Fragment requests by owning team, fragment and outcome (ok, fallback, or the error status)",
    labelNames: ["team", "fragment", "outcome"] as const,
    registers: [options.metrics.registry],
  });

  function fallback(slot: FragmentSlot, status: number, html: string, reason: string): FragmentResult {
    outcomes.inc({ team: slot.service, fragment: slot.name, outcome: "fallback" });
    options.log.warn({ service: slot.service, fragment: slot.name, status, reason }, "fragment fell back");
    const body = `<div data-boundary="${slot.service}/${slot.name}" data-fallback="true">${html}</div>`;
    return { status, headers: new Headers(), body, fallback: true };
  }

  return async (slot, page) => {
    const base = options.services[slot.service];
    const manifest = await options.manifests.get(slot.service);
    const definition = manifest?.fragments[slot.name];
    const fallbackHtml = slot.fallback || definition?.fallback || "";
    if (!base || !definition) return fallback(slot, 503, fallbackHtml, "no manifest entry for the fragment");
    const target = new URL(definition.endpoint, base);
    target.search = slotParams(slot, page.url, page.params).toString();
    const headers = new Headers({ accept: "text/html" });
    for (const name of FORWARDED_HEADERS) {
      const value = page.request.headers.get(name);
      if (value) headers.set(name, value);
    }
    try {
      const response = await options.http.fetch(target, {
        headers,
        redirect: "manual",
        timeoutMs: slot.timeoutMs ?? options.defaultTimeoutMs,
        spanName: `fragment ${slot.service}/${slot.name}`,
      });
      const type = response.headers.get("content-type") ?? "";
      if (response.ok && !type.startsWith("text/html")) {
        await response.body?.cancel();
        outcomes.inc({ team: slot.service, fragment: slot.name, outcome: "not-html" });
        return fallback(
          slot,
          502,
          fallbackHtml,
          `answered ${response.status} with ${type || "no content type"}, not HTML`,
        );
      }
      if (response.ok && response.body) {
        outcomes.inc({ team: slot.service, fragment: slot.name, outcome: "ok" });
        return { status: response.status, headers: response.headers, body: response.body, fallback: false };
      }
      outcomes.inc({ team: slot.service, fragment: slot.name, outcome: String(response.status) });
      if (slot.tier === "primary") {
        await response.body?.cancel();
        return { status: response.status, headers: response.headers, body: "", fallback: false };
      }
      await response.body?.cancel();
      return fallback(slot, response.status, fallbackHtml, `answered ${response.status}`);
    } catch (error) {
      const status = (error as { status?: number }).status ?? 502;
      return fallback(slot, status, fallbackHtml, (error as Error).message);
    }
  };
}
