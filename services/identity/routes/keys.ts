/**
 * `GET /.well-known/jwks.json` (the public keys, cacheable for a minute) and
 * `POST /ops/rotate-keys` (rotate now; operators only: the chassis guards every `/ops/*`).
 */
import { Hono } from "hono";
import type { Logger } from "pino";
import type { KeyStore } from "../tokens/keys.ts";

/** How long verifiers may cache the JWKS. A verifier meeting an unknown `kid` refetches. */
export const JWKS_MAX_AGE_SECONDS = 60;

export function jwksRoutes(keys: KeyStore): Hono {
  return new Hono().get("/jwks.json", async (c) =>
    c.json(await keys.jwks(), 200, { "cache-control": `public, max-age=${JWKS_MAX_AGE_SECONDS}` }),
  );
}

export function opsRoutes(keys: KeyStore, log: Logger): Hono {
  return new Hono().post("/rotate-keys", async (c) => {
    const rotated = await keys.rotate();
    log.info(rotated, "signing key rotated on demand");
    return c.json(rotated, 200, { "cache-control": "no-store" });
  });
}
