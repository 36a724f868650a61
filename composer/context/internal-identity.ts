/**
 * Internal identity tokens on the way out of the composer. The shopper context marks a request
 * with the verified principal (`x-tessera-principal`, a header only the composer writes: client
 * headers never cross but through the allowlists); {@link withInternalIdentity} wraps the
 * upstream so that every call to a service swaps that mark for a token minted for exactly that
 * service (`x-tessera-identity`, aud = the service, 60 s) plus, for the services allowed to call
 * others on the shopper's behalf, one token per such callee (`x-tessera-delegation`). The mark
 * never leaves the process, and neither does anything a client sent under those names.
 */
import {
  DELEGATION_HEADER,
  IDENTITY_HEADER,
  type SigningKeys,
  type Subject,
  type TokenMinter,
} from "@tessera/chassis/access";
import type { RequestOptions } from "@tessera/chassis/http";
import { Hono } from "hono";
import type { Upstream } from "../discovery/upstream.ts";

/** The in-process mark carrying the verified principal from the shopper context to the upstream. */
export const PRINCIPAL_HEADER = "x-tessera-principal";

/** The mark's value for a verified subject. */
export const principalMark = (subject: Subject): string =>
  JSON.stringify({ sub: subject.sub, roles: subject.roles });

function readMark(value: string | null): Subject | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<Subject>;
    if (typeof parsed.sub !== "string" || !Array.isArray(parsed.roles)) return undefined;
    return { sub: parsed.sub, roles: parsed.roles.filter((r): r is string => typeof r === "string") };
  } catch {
    return undefined;
  }
}

export interface InternalIdentityOptions {
  mint: TokenMinter;
  /** Caller → the services it may call on the shopper's behalf. */
  delegations: Map<string, string[]>;
}

/** The headers speaking for `subject` to `service` (and to the services it may call for them). */
export async function identityHeaders(
  subject: Subject,
  service: string,
  options: InternalIdentityOptions,
): Promise<Record<string, string>> {
  const out: Record<string, string> = { [IDENTITY_HEADER]: await options.mint(subject, service) };
  const callees = options.delegations.get(service) ?? [];
  if (callees.length)
    out[DELEGATION_HEADER] = (
      await Promise.all(callees.map((callee) => options.mint(subject, callee, { azp: service })))
    ).join(" ");
  return out;
}

/** The headers only the composer writes: never forwarded as they came. */
const MARKS = [PRINCIPAL_HEADER, IDENTITY_HEADER, DELEGATION_HEADER];

/** How long a page's calls reuse the tokens minted for one service (they live 60 s). */
const REUSE_MS = 30_000;

/**
 * The upstream with the principal mark swapped for per-service tokens on every call. Calls made
 * with the same `Headers` object (a page's fragments share one) and the same mark reuse the
 * tokens minted for a service: one token per page and audience, not one per fragment.
 */
export function withInternalIdentity(upstream: Upstream, options: InternalIdentityOptions): Upstream {
  type Minted = { at: number; tokens: Promise<Record<string, string>> };
  const minted = new WeakMap<Headers, Map<string, Minted>>();
  const tokensFor = (given: Headers, mark: string, subject: Subject, service: string) => {
    let forHeaders = minted.get(given);
    if (!forHeaders) {
      forHeaders = new Map();
      minted.set(given, forHeaders);
    }
    const key = `${service}\0${mark}`;
    const now = Date.now();
    let found = forHeaders.get(key);
    // a page lives seconds; past half a token's life a late fragment gets a fresh one
    if (!found || now - found.at > REUSE_MS) {
      const tokens = identityHeaders(subject, service, options);
      found = { at: now, tokens };
      forHeaders.set(key, found);
      tokens.catch(() => forHeaders.delete(key));
    }
    return found.tokens;
  };
  /**
   * `init` with the principal mark swapped for `service`'s tokens; `init` itself (not a promise)
   * when its headers have none of the three names: an anonymous call goes as it is, with no copy
   * of its headers and no extra step.
   */
  const withTokens = (service: string, init: RequestOptions): RequestOptions | Promise<RequestOptions> => {
    const given = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    if (!MARKS.some((name) => given.has(name)))
      return given === init.headers ? init : { ...init, headers: given };
    return swapped(service, init, given);
  };
  const swapped = async (service: string, init: RequestOptions, given: Headers): Promise<RequestOptions> => {
    const headers = new Headers(given);
    const mark = headers.get(PRINCIPAL_HEADER);
    const subject = readMark(mark);
    for (const name of MARKS) headers.delete(name);
    if (subject && mark)
      for (const [name, value] of Object.entries(await tokensFor(given, mark, subject, service)))
        headers.set(name, value);
    return { ...init, headers };
  };
  /** Makes `call` with `init`'s tokens swapped in: at once when there is nothing to swap. */
  const via = <T>(service: string, init: RequestOptions, call: (sent: RequestOptions) => Promise<T>) => {
    const sent = withTokens(service, init);
    return sent instanceof Promise ? sent.then(call) : call(sent);
  };
  return {
    pick: (service) => upstream.pick(service),
    fetch: (service, path, init = {}) => via(service, init, (sent) => upstream.fetch(service, path, sent)),
    fragment: (service, path, init = {}) =>
      via(service, init, (sent) => upstream.fragment(service, path, sent)),
  };
}

/** `GET /.well-known/internal-jwks.json`: the public keys services verify internal tokens with. */
export function internalJwksRoutes(keys: SigningKeys): Hono {
  return new Hono().get("/.well-known/internal-jwks.json", (c) =>
    c.json(keys.jwks(), 200, { "cache-control": "public, max-age=60" }),
  );
}
