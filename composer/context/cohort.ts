/**
 * The shopper's cohort for canaries: a random id in the first-party `tessera_cohort` cookie
 * (HttpOnly, SameSite=Lax, a year), set when absent. A canary's share is chosen by hashing it, so
 * a shopper keeps their version from one page view to the next.
 */
import { newCohort } from "@tessera/chassis/releases";
import { readCookie } from "./shopper.ts";

export const COHORT_COOKIE = "tessera_cohort";

const COHORT = /^[A-Za-z0-9_-]{16,64}$/;
const ONE_YEAR = 365 * 24 * 60 * 60;

/** The request's cohort, and the `set-cookie` value when it had none (or a malformed one). */
export function cohortOf(request: Request): { cohort: string; setCookie?: string } {
  const found = readCookie(request.headers.get("cookie"), COHORT_COOKIE);
  if (found && COHORT.test(found)) return { cohort: found };
  const cohort = newCohort();
  const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
  return {
    cohort,
    setCookie: `${COHORT_COOKIE}=${cohort}; Path=/; Max-Age=${ONE_YEAR}; HttpOnly; SameSite=Lax${secure}`,
  };
}
