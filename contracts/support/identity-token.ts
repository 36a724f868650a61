/**
 * Speaking for a shopper in a pact. The composer sends each service an internal identity token
 * (`x-tessera-identity`: audience that service, a minute long, signed with the composer's key).
 * A consumer test records an example token, minted with a throwaway key; the provider
 * verification swaps it for a fresh token for the same subject and the verified service,
 * signed with a key that service trusts (`ACCESS_JWKS`) — Pact's request-filter way with
 * short-lived credentials. The pact keeps what the consumer promises: a token for that user.
 */
import { IDENTITY_HEADER } from "@tessera/chassis/access";
import { type TestAccess, testAccess } from "@tessera/chassis/access/testing";

let examples: Promise<TestAccess> | undefined;

/** The headers a request carries for `user` (with `roles`) to `audience`: an example token for a pact. */
export async function identityHeaders(
  user: string,
  audience: string,
  roles: string[] = [],
): Promise<Record<string, string>> {
  examples ??= testAccess();
  return (await examples).as(user, audience, { roles });
}

/** The subject of a JWT, read without checking it (the example's signature is a throwaway key's). */
export function subjectOf(token: string): { sub: string; roles: string[] } | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as {
      sub?: unknown;
      roles?: unknown;
    };
    if (typeof payload.sub !== "string") return undefined;
    const roles = Array.isArray(payload.roles) ? payload.roles.filter((r) => typeof r === "string") : [];
    return { sub: payload.sub, roles };
  } catch {
    return undefined;
  }
}

/**
 * Replaces a request's example identity token with one `access` mints for the same subject and
 * `audience` (the provider being verified). Requests without one are left alone.
 */
export async function remintIdentity(
  headers: Record<string, string | string[] | undefined>,
  access: TestAccess,
  audience: string,
): Promise<void> {
  const token = headers[IDENTITY_HEADER];
  if (typeof token !== "string") return;
  const subject = subjectOf(token);
  if (!subject) return;
  headers[IDENTITY_HEADER] = await access.mint(subject, audience);
}
