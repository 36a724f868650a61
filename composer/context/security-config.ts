/**
 * The composer's security settings: its signing keys for internal identity tokens, which
 * services may call which others on a shopper's behalf, TLS (HSTS, `Secure` cookies), the body
 * limit and the gateway's rate limit per client.
 */
import { accessConfig } from "@tessera/chassis/access";
import { z } from "@tessera/chassis/config";

export const composerSecurityConfig = accessConfig.pick({ BEHIND_TLS: true, BODY_LIMIT_BYTES: true }).extend({
  /**
   * The private ES256 JWKs that sign internal identity tokens (JSON array, newest first; the
   * first signs, all are published at `/.well-known/internal-jwks.json`). Unset: one key is
   * generated at start (fine for one composer; several must share keys).
   */
  ACCESS_SIGNING_KEYS: z.string().min(2).optional(),
  /**
   * Which service may call which on the shopper's behalf: `caller:callee[+callee…]`, comma-separated.
   * The composer hands the caller a token for each callee (identity's account page lists orders;
   * ops reads checkout's and identity's audit logs for the operator).
   */
  ACCESS_DELEGATIONS: z
    .string()
    .regex(
      /^([a-z][a-z0-9-]*:[a-z][a-z0-9-]*(\+[a-z][a-z0-9-]*)*)?(,\s*[a-z][a-z0-9-]*:[a-z][a-z0-9-]*(\+[a-z][a-z0-9-]*)*)*$/,
      {
        error: 'expected caller:callee pairs, comma-separated (e.g. "identity:checkout")',
      },
    )
    .default("identity:checkout,ops:checkout+identity"),
  /** Gateway and form requests per minute per client address (the bucket refills at this rate). */
  GATEWAY_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** The burst a client may send at once. */
  GATEWAY_BURST: z.coerce.number().int().min(1).default(120),
});

export type ComposerSecurityConfig = z.infer<typeof composerSecurityConfig>;

/** `identity:checkout,x:y+z` as a map from caller to the callees it may call on a shopper's behalf. */
export function parseDelegations(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [caller, callees] = pair.split(":") as [string, string];
    out.set(caller, [...(out.get(caller) ?? []), ...callees.split("+")]);
  }
  return out;
}
