/**
 * A team service's side of fragment releases: which version a request asks for (the composer's
 * `tessera-fragment-version` header), rendering it — the built-in version in process, a deployed
 * one in its own Worker — and serving each release's federated remote under
 * `/assets/releases/<version>/`, immutable. A version that is not published is a 400 problem,
 * never a silent fallback to another version.
 *
 * @example
 * const releases = createFragmentReleases({ team: "catalog", version, renderers });
 * const version = releases.select(c.req.raw);
 * return c.body(await releases.render(version, "product-card", data), 200,
 *   releases.htmlHeaders(version, { cacheControl: "public, max-age=5" }));
 */
import { join, resolve, sep } from "node:path";
import type { RenderResult } from "@lit-labs/ssr";
import { AppError } from "../errors/index.ts";
import { renderToStream } from "../ssr/index.ts";
import { type ReleaseEnvironment, releaseEnvironment } from "./environment.ts";
import { isPublished } from "./publish.ts";
import { createRendererPool } from "./renderer-pool.ts";
import { liveVersions } from "./state.ts";
import { BUILT_IN } from "./types.ts";
import { RELEASE_VERSION, releaseDir } from "./version.ts";

/** The request header naming the version to render. */
export const VERSION_HEADER = "tessera-fragment-version";

/** One fragment's renderer: JSON data in, a Lit render result or an HTML string (maybe awaited) out. */
export type Renderer = (data: never) => RenderResult | string | Promise<string> | { toString(): string };
export type Renderers = Record<string, Renderer>;

export interface FragmentReleasesOptions {
  team: string;
  /** The built-in version (the fragments package's version). */
  version: string;
  /** The built-in renderers (the fragments package's `renderers` export). */
  renderers: Renderers;
  environment?: ReleaseEnvironment;
}

/** What a service says of a fragment's HTML answer, besides the version it was rendered with. */
export interface HtmlAnswer {
  cacheControl: string;
  /** Request headers the answer depends on (the shopper's identity, the cart…), besides the version. */
  vary?: readonly string[];
}

export interface FragmentReleases {
  /** The version `request` asks for: {@link BUILT_IN} or a published release (else a 400 problem). */
  select(request: Request): string;
  /** Renders fragment `name` of `version`. */
  render(version: string, name: string, data: unknown): Promise<ReadableStream<Uint8Array> | string>;
  /** `fragment-version: <team>@<version>` and `vary` for an answer rendered with `version`. */
  headers(version: string): Record<string, string>;
  /**
   * Every header of a fragment's HTML answer rendered with `version`: its content type, its
   * `cache-control`, {@link headers}, and `vary` naming the request headers the answer also
   * depends on (`vary`) before the version header.
   */
  htmlHeaders(version: string, answer: HtmlAnswer): Record<string, string>;
  /** The version as a person reads it (the built-in one by its package version). */
  label(version: string): string;
  /**
   * Answers `releases/<version>/<file>` (a path under the service's `/assets/`) with a file of that
   * release's federated remote, immutable; undefined for any other path.
   */
  serveAsset(path: string): Promise<Response | undefined>;
  close(): Promise<void>;
}

const IMMUTABLE = "public, max-age=31536000, immutable";

export function createFragmentReleases(options: FragmentReleasesOptions): FragmentReleases {
  const environment = options.environment ?? releaseEnvironment();
  const { team } = options;
  const pool = createRendererPool({ releasesDir: environment.releasesDir, team });
  const known = new Set<string>();
  let unwatch: (() => void) | undefined;
  let closed = false;
  const label = (version: string) => (version === BUILT_IN ? options.version : version);
  const headers = (version: string) => ({
    "fragment-version": `${team}@${label(version)}`,
    vary: VERSION_HEADER,
  });

  /** Watches the store once a deployed version is in use, to stop workers of versions no longer live. */
  function watchStore() {
    if (unwatch || closed) return;
    unwatch = () => {};
    void environment
      .store()
      .then((store) => {
        if (closed) return;
        unwatch = store.watch((state) => pool.retain(liveVersions(state, team)));
      })
      .catch(() => {
        unwatch = undefined; // retried on the next deployed render
      });
  }

  function check(version: string): string {
    if (version === BUILT_IN || version === options.version) return BUILT_IN;
    if (!RELEASE_VERSION.test(version))
      throw new AppError(
        "bad_request",
        `"${version}" is not a release version of ${team} (expected <semver>+<10 hex digits>)`,
        { version },
      );
    if (!known.has(version)) {
      if (!isPublished(environment.releasesDir, team, version))
        throw new AppError(
          "bad_request",
          `${team} has no release "${version}" in ${environment.releasesDir}`,
          {
            version,
          },
        );
      known.add(version);
    }
    return version;
  }

  return {
    select(request) {
      const asked = request.headers.get(VERSION_HEADER)?.trim();
      return check(asked || environment.defaultVersion || BUILT_IN);
    },
    async render(version, name, data) {
      if (version === BUILT_IN) {
        const render = options.renderers[name];
        if (!render) throw new AppError("internal", `${team} has no renderer "${name}"`);
        const result = await (render as (data: unknown) => unknown)(data);
        if (typeof result === "string") return result;
        if (result && typeof (result as Iterable<unknown>)[Symbol.iterator] === "function")
          return renderToStream(result as RenderResult);
        return String(result);
      }
      watchStore();
      return pool.render(version, name, data);
    },
    headers,
    htmlHeaders(version, answer) {
      const versioned = headers(version);
      return {
        "content-type": "text/html; charset=utf-8",
        "cache-control": answer.cacheControl,
        ...versioned,
        vary: [...(answer.vary ?? []), versioned.vary].join(", "),
      };
    },
    label,
    async serveAsset(path) {
      const match = /^releases\/([^/]+)\/(.+)$/.exec(path);
      if (!match) return undefined;
      const version = check(decodeURIComponent(match[1] ?? ""));
      if (version === BUILT_IN)
        throw new AppError("not_found", "the built-in version's remote is at /assets/");
      const base = resolve(join(releaseDir(environment.releasesDir, team, version), "client"));
      const relativePath = decodeURIComponent(match[2] ?? "");
      const file = resolve(base, `.${sep}${relativePath}`);
      const found = Bun.file(file);
      if (!file.startsWith(base + sep) || !(await found.exists()))
        throw new AppError("not_found", `${team} ${version} has no asset ${relativePath}`);
      return new Response(found.stream(), {
        headers: {
          "content-type": found.type,
          "cache-control": IMMUTABLE,
          "access-control-allow-origin": "*",
          "x-content-type-options": "nosniff",
        },
      });
    },
    async close() {
      closed = true;
      unwatch?.();
      await pool.close();
    },
  };
}

/**
 * A service's releases, one per releases folder (the asset routes and the fragment routes of a
 * service share it; tests run services against several folders in one process): the built-in
 * version renders in process, a deployed release in its own worker.
 */
export function fragmentReleasesOf(
  options: Omit<FragmentReleasesOptions, "environment">,
): () => FragmentReleases {
  const byDir = new Map<string, FragmentReleases>();
  return () => {
    const environment = releaseEnvironment();
    let releases = byDir.get(environment.releasesDir);
    if (!releases) {
      releases = createFragmentReleases({ ...options, environment });
      byDir.set(environment.releasesDir, releases);
    }
    return releases;
  };
}
