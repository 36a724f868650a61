/**
 * The fragment cache, honouring the fragment's `Cache-Control`: `max-age` (fresh), then
 * `stale-while-revalidate` (served while one request revalidates), then `stale-if-error` (served
 * when the fragment fails); `no-store` and `private` are never stored. An entry with an `ETag` is
 * revalidated with `If-None-Match` (a 304 reuses the stored body). Entries are keyed by the
 * fragment URL plus the values of the forwarded headers its `Vary` names; `Vary: *` is not stored.
 */

import type { HeaderLookup } from "@tessera/chassis/http";

/** A stored fragment answer. */
export interface CacheEntry {
  status: number;
  headers: Headers;
  body: Uint8Array;
  storedAt: number;
  maxAgeMs: number;
  swrMs: number;
  sieMs: number;
  etag?: string;
}

/** Where an entry stands now. */
export type Freshness = "fresh" | "stale-while-revalidate" | "stale";

export interface CacheDirectives {
  store: boolean;
  maxAgeMs: number;
  swrMs: number;
  sieMs: number;
}

/** Reads the caching directives of a fragment answer. */
export function cacheDirectives(headers: HeaderLookup): CacheDirectives {
  const value = (headers.get("cache-control") ?? "").toLowerCase();
  const seconds = (name: string) => {
    const m = new RegExp(`(?:^|[,\\s])${name}\\s*=\\s*"?(\\d+)`).exec(value);
    return m ? Number(m[1]) * 1000 : 0;
  };
  const flag = (name: string) => new RegExp(`(?:^|[,\\s])${name}(?:$|[,\\s=])`).test(value);
  const store =
    !flag("no-store") && !flag("private") && !flag("no-cache") && (headers.get("vary") ?? "").trim() !== "*";
  const maxAgeMs = flag("s-maxage") ? seconds("s-maxage") : seconds("max-age");
  return { store, maxAgeMs, swrMs: seconds("stale-while-revalidate"), sieMs: seconds("stale-if-error") };
}

export interface FragmentCache {
  /** The entry for `url` given the headers sent, if any. */
  get(url: string, sent: Headers): CacheEntry | undefined;
  /** Stores an answer when its directives allow (or an ETag makes it revalidatable). */
  put(url: string, sent: Headers, entry: Omit<CacheEntry, "maxAgeMs" | "swrMs" | "sieMs">): boolean;
  /** Renews an entry after a 304 with the 304's directives. */
  renew(url: string, sent: Headers, headers: HeaderLookup, now: number): CacheEntry | undefined;
  freshness(entry: CacheEntry, now: number): Freshness;
  /** True when a failed fetch may use `entry` (within stale-if-error). */
  usableOnError(entry: CacheEntry, now: number): boolean;
}

/** An LRU cache of at most `maxEntries` fragment answers. */
export function createFragmentCache(options: { maxEntries: number }): FragmentCache {
  const entries = new Map<string, CacheEntry>();
  const varyByUrl = new Map<string, string[]>();
  const keyOf = (url: string, sent: Headers, vary: string[]) =>
    vary.length === 0 ? url : `${url}\n${vary.map((h) => `${h}:${sent.get(h) ?? ""}`).join("\n")}`;
  const lookup = (url: string, sent: Headers) => {
    const vary = varyByUrl.get(url);
    if (!vary) return undefined;
    const key = keyOf(url, sent, vary);
    return { key, entry: entries.get(key) };
  };
  return {
    get(url, sent) {
      const found = lookup(url, sent);
      if (!found?.entry) return undefined;
      entries.delete(found.key);
      entries.set(found.key, found.entry);
      return found.entry;
    },
    put(url, sent, stored) {
      const directives = cacheDirectives(stored.headers);
      if (
        !directives.store ||
        (directives.maxAgeMs + directives.swrMs + directives.sieMs === 0 && !stored.etag)
      )
        return false;
      const vary = (stored.headers.get("vary") ?? "")
        .split(",")
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean)
        .sort();
      varyByUrl.delete(url);
      varyByUrl.set(url, vary);
      while (varyByUrl.size > Math.max(1, options.maxEntries))
        varyByUrl.delete(varyByUrl.keys().next().value as string);
      const key = keyOf(url, sent, vary);
      entries.delete(key);
      entries.set(key, {
        ...stored,
        maxAgeMs: directives.maxAgeMs,
        swrMs: directives.swrMs,
        sieMs: directives.sieMs,
      });
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next().value as string;
        entries.delete(oldest);
      }
      return true;
    },
    renew(url, sent, headers, now) {
      const found = lookup(url, sent);
      if (!found?.entry) return undefined;
      const merged = new Headers(found.entry.headers);
      for (const name of ["cache-control", "etag", "expires", "date"]) {
        const value = headers.get(name);
        if (value) merged.set(name, value);
      }
      const directives = cacheDirectives(merged);
      const entry = {
        ...found.entry,
        headers: merged,
        storedAt: now,
        maxAgeMs: directives.maxAgeMs,
        swrMs: directives.swrMs,
        sieMs: directives.sieMs,
        etag: merged.get("etag") ?? found.entry.etag,
      };
      entries.set(found.key, entry);
      return entry;
    },
    freshness(entry, now) {
      const age = now - entry.storedAt;
      if (age < entry.maxAgeMs) return "fresh";
      if (age < entry.maxAgeMs + entry.swrMs) return "stale-while-revalidate";
      return "stale";
    },
    usableOnError(entry, now) {
      return now - entry.storedAt < entry.maxAgeMs + entry.sieMs;
    },
  };
}
