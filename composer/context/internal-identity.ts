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

/** The upstream with the principal mark swapped for per-service tokens on every call. */
export function withInternalIdentity(upstream: Upstream, options: InternalIdentityOptions): Upstream {
  return {
    pick: (service) => upstream.pick(service),
    async fetch(service, path, init = {}) {
      const headers = new Headers(init.headers);
      const subject = readMark(headers.get(PRINCIPAL_HEADER));
      for (const name of [PRINCIPAL_HEADER, IDENTITY_HEADER, DELEGATION_HEADER]) headers.delete(name);
      if (subject)
        for (const [name, value] of Object.entries(await identityHeaders(subject, service, options)))
          headers.set(name, value);
      return upstream.fetch(service, path, { ...init, headers });
    },
  };
}

/** `GET /.well-known/internal-jwks.json`: the public keys services verify internal tokens with. */
export function internalJwksRoutes(keys: SigningKeys): Hono {
  return new Hono().get("/.well-known/internal-jwks.json", (c) =>
    c.json(keys.jwks(), 200, { "cache-control": "public, max-age=60" }),
  );
}
