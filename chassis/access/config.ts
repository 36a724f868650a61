/**
 * The security settings every process reads from its environment: where the keys that verify
 * internal identity tokens are, whether shoppers reach the shop over TLS (then HSTS and `Secure`
 * cookies), and the largest request body accepted.
 */
import { z } from "zod";

/** "true" or "false" (the default), as environment variables spell a flag. */
const flag = z
  .enum(["true", "false"], { error: 'expected "true" or "false"' })
  .default("false")
  .transform((value) => value === "true");

const jwks = z.string().transform((text, ctx) => {
  try {
    const parsed = JSON.parse(text) as { keys?: unknown };
    if (Array.isArray(parsed.keys)) return parsed as { keys: Record<string, unknown>[] };
  } catch {}
  ctx.addIssue({ code: "custom", message: 'expected a JWKS as JSON: {"keys":[…]}' });
  return z.NEVER;
});

export const accessConfig = z.object({
  /** The composer's public keys as a JWKS (JSON); wins over ACCESS_JWKS_URL. */
  ACCESS_JWKS: jwks.optional(),
  /** Where the composer publishes its public keys (`…/.well-known/internal-jwks.json`). */
  ACCESS_JWKS_URL: z.url({ error: "expected the URL of the composer's internal JWKS" }).optional(),
  /** True when shoppers reach the shop over HTTPS: HSTS is sent and cookies carry `Secure`. */
  BEHIND_TLS: flag,
  /** The largest request body accepted, in bytes (1 MiB). */
  BODY_LIMIT_BYTES: z.coerce
    .number({ error: "expected a number of bytes" })
    .int({ error: "expected a whole number of bytes" })
    .min(1024, { error: "expected at least 1024 bytes" })
    .default(1024 * 1024),
});

export type AccessConfig = z.infer<typeof accessConfig>;
