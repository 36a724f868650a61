/**
 * Login rate limits: a token bucket per account (the email, lower-cased) and one per client
 * address (`x-forwarded-for` as the composer sets it from the connection's peer, else the peer
 * identity sees). Every attempt takes a token from both before the password is checked, so
 * guessing is slowed for one account from many addresses and for many accounts from one; a
 * successful sign-in refills the account's bucket. Refused: 429 problem+json with Retry-After.
 */
import { clientAddress, createRateLimiter } from "@tessera/chassis/access";
import type { AppError } from "@tessera/chassis/errors";
import type { Context } from "hono";

export interface LoginLimits {
  /** Takes a token for the account and the address; the 429 error to throw when either is empty. */
  check(c: Context, email: string): AppError | undefined;
  /** Refills the account's bucket after a successful sign-in. */
  succeeded(email: string): void;
}

export interface LoginLimitOptions {
  /** Attempts per minute per account (the burst as well). */
  perAccountPerMinute: number;
  /** Attempts per minute per client address (the burst as well). */
  perAddressPerMinute: number;
  now?: () => number;
}

/** The client's address: the first `x-forwarded-for` hop when the composer sent one. */
function addressOf(c: Context): string {
  const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded && forwarded.length <= 64 ? forwarded : clientAddress(c);
}

export function createLoginLimits(options: LoginLimitOptions): LoginLimits {
  const accounts = createRateLimiter({
    perMinute: options.perAccountPerMinute,
    burst: options.perAccountPerMinute,
    now: options.now,
  });
  const addresses = createRateLimiter({
    perMinute: options.perAddressPerMinute,
    burst: options.perAddressPerMinute,
    now: options.now,
  });
  const account = (email: string) => `account:${email.toLowerCase()}`;
  return {
    check(c, email) {
      try {
        addresses.take(`address:${addressOf(c)}`, "sign-in attempts from this address");
        accounts.take(account(email), "sign-in attempts for this account");
        return undefined;
      } catch (error) {
        return error as AppError;
      }
    },
    succeeded: (email) => accounts.reset(account(email)),
  };
}
