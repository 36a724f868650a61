/**
 * Internal identity tokens in tests: a fresh key pair, the env a service under test needs to
 * verify with it, and headers speaking for a user (or an operator) to one service.
 *
 * @example
 * const access = await testAccess();
 * const service = await buildService(checkout, { env: { ...access.env }, inMemory: true });
 * await service.app.request("/api/orders?customer=u1", { headers: await access.as("u1", "checkout") });
 */
import { DELEGATION_HEADER, IDENTITY_HEADER } from "./claims.ts";
import { createSigningKeys } from "./keys.ts";
import { createTokenMinter, type TokenMinter } from "./mint.ts";

export interface TestAccess {
  /** `ACCESS_JWKS` for the service under test. */
  env: { ACCESS_JWKS: string };
  mint: TokenMinter;
  /** Headers for a request by `user` to `audience` (with delegated tokens for `delegate`). */
  as(
    user: string,
    audience: string,
    options?: { roles?: string[]; delegate?: string[] },
  ): Promise<Record<string, string>>;
}

export async function testAccess(): Promise<TestAccess> {
  const keys = await createSigningKeys();
  const mint = createTokenMinter(keys);
  return {
    env: { ACCESS_JWKS: JSON.stringify(keys.jwks()) },
    mint,
    async as(user, audience, options = {}) {
      const subject = { sub: user, roles: options.roles ?? [] };
      const headers: Record<string, string> = { [IDENTITY_HEADER]: await mint(subject, audience) };
      if (options.delegate?.length)
        headers[DELEGATION_HEADER] = (
          await Promise.all(options.delegate.map((d) => mint(subject, d, { azp: audience })))
        ).join(" ");
      return headers;
    },
  };
}
