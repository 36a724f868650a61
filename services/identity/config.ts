/**
 * The identity service's configuration: the chassis defaults, listening on 3006, plus where
 * checkout's order API is, how long session tokens live, how often signing keys rotate and
 * whether the shop is served over TLS (then the session cookie is `Secure`), the operator account
 * seeded at start, and the login rate limits.
 */
import { millis, port, serviceConfig, url, z } from "@tessera/chassis/config";

/** "true" or "false" (the default), as environment variables spell a flag. */
const flag = z
  .enum(["true", "false"], { error: 'expected "true" or "false"' })
  .default("false")
  .transform((value) => value === "true");

export const identityConfig = serviceConfig.extend({
  PORT: port(3006),
  /** Checkout's base URL, for the account page's order history (discovery replaces it later). */
  CHECKOUT_URL: url().default("http://127.0.0.1:3004"),
  /** How long the account page waits for checkout's order API. */
  ORDERS_TIMEOUT_MS: millis(1500),
  /** The session token's lifetime in seconds (15 minutes). */
  SESSION_TTL_SECONDS: z.coerce
    .number({ error: "expected a number of seconds" })
    .int({ error: "expected a whole number of seconds" })
    .min(60, { error: "expected at least 60 seconds" })
    .max(86_400, { error: "expected at most 86400 seconds (one day)" })
    .default(900),
  /** The longest a session lasts from sign-in, however often it is renewed (12 hours). */
  SESSION_MAX_LIFETIME_SECONDS: z.coerce
    .number({ error: "expected a number of seconds" })
    .int({ error: "expected a whole number of seconds" })
    .min(60, { error: "expected at least 60 seconds" })
    .default(12 * 60 * 60),
  /** How often the signing key is replaced (every 24 hours). */
  KEY_ROTATION_INTERVAL_MS: millis(24 * 60 * 60 * 1000),
  /** True when shoppers reach the shop over HTTPS: the session cookie then carries `Secure`. */
  BEHIND_TLS: flag,
  /** The operator account's email (the account holding the `operator` role). */
  OPERATOR_EMAIL: z.email({ error: "expected an email address" }).default("operator@tessera.test"),
  /**
   * The operator's password: with it, the account is created at start (or given the role) when
   * missing. Without it no operator is seeded. The embedded mode sets a documented default.
   */
  OPERATOR_PASSWORD: z.string().min(12, { error: "expected at least 12 characters" }).max(256).optional(),
  /** Sign-in attempts per minute for one account. */
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(5),
  /** Sign-in attempts per minute from one client address. */
  LOGIN_RATE_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
});

export type IdentityConfig = z.infer<typeof identityConfig>;
