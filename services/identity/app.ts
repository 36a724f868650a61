/**
 * The identity service: users and their passwords (Argon2id), sessions as short-lived ES256
 * JWTs in the `tessera_session` cookie, the JWKS with key rotation, the audit log, and the
 * sign-in, registration and account pages with the header's account link.
 */
import { join } from "node:path";
import { openApiRoutes } from "@tessera/chassis/openapi";
import { defineService } from "@tessera/chassis/service";
import { Hono } from "hono";
import { identityConfig } from "./config.ts";
import { apiDocument } from "./openapi.ts";
import packageJson from "./package.json" with { type: "json" };
import { accountRoutes } from "./routes/account.ts";
import { auditRoutes } from "./routes/audit.ts";
import { assetRoutes, fragmentRoutes } from "./routes/fragments.ts";
import { jwksRoutes, opsRoutes } from "./routes/keys.ts";
import { createLoginLimits } from "./routes/login-limits.ts";
import { opsAuditRoutes } from "./routes/ops-audit.ts";
import { sessionRoutes } from "./routes/sessions.ts";
import { createKeyStore } from "./tokens/keys.ts";
import { seedOperator } from "./users/operator.ts";

export interface IdentityOptions {
  /** The clock for tokens and key rotation (tests move it). */
  now?: () => Date;
}

/** How often the schedule checks whether the signing key is due for rotation (at most). */
const ROTATION_CHECK_MS = 60_000;

/** Defines the identity service; {@link identity} is the one with the real clock. */
export function createIdentity(options: IdentityOptions = {}) {
  const now = options.now ?? (() => new Date());
  return defineService({
    name: "identity",
    version: packageJson.version,
    config: identityConfig,
    migrationsFolder: join(import.meta.dir, "db", "migrations"),
    async setup(ctx) {
      const { db } = ctx.database;
      const { config } = ctx;
      const keys = createKeyStore({
        db,
        tokenTtlSeconds: config.SESSION_TTL_SECONDS,
        rotationIntervalMs: config.KEY_ROTATION_INTERVAL_MS,
        now,
      });
      await ctx.inService(() => keys.signingKey());
      if (config.OPERATOR_PASSWORD) {
        const seeded = await ctx.inService(() =>
          seedOperator(db, { email: config.OPERATOR_EMAIL, password: config.OPERATOR_PASSWORD as string }),
        );
        ctx.log.info({ email: config.OPERATOR_EMAIL, seeded }, "operator account");
      }
      const sessions = {
        db,
        keys,
        sessionTtlSeconds: config.SESSION_TTL_SECONDS,
        sessionMaxLifetimeSeconds: config.SESSION_MAX_LIFETIME_SECONDS,
        secureCookie: config.BEHIND_TLS,
        now,
        limits: createLoginLimits({
          perAccountPerMinute: config.LOGIN_RATE_PER_MINUTE,
          perAddressPerMinute: config.LOGIN_RATE_PER_ADDRESS_PER_MINUTE,
          now: () => now().getTime(),
        }),
      };
      const orders = {
        http: ctx.http,
        checkoutUrl: config.CHECKOUT_URL,
        timeoutMs: config.ORDERS_TIMEOUT_MS,
        log: ctx.log,
      };
      const routes = new Hono()
        .route("/", openApiRoutes(apiDocument(ctx.version)))
        .route("/account", accountRoutes(sessions))
        .route("/api/sessions", sessionRoutes(sessions))
        .route("/api/audit", auditRoutes(db))
        .route("/.well-known", jwksRoutes(keys))
        .route("/ops/audit", opsAuditRoutes(db))
        .route("/ops", opsRoutes(keys, ctx.log))
        .route("/fragments", fragmentRoutes(db, orders))
        .route("/assets", assetRoutes());

      let timer: ReturnType<typeof setInterval> | undefined;
      const rotateIfDue = () =>
        ctx
          .inService(() => keys.rotateIfDue())
          .then((rotated) => {
            if (rotated) ctx.log.info("signing key rotated on schedule");
          })
          .catch((error) => ctx.log.error({ err: error }, "scheduled key rotation failed"));
      return {
        routes,
        async start() {
          await rotateIfDue();
          timer = setInterval(rotateIfDue, Math.min(config.KEY_ROTATION_INTERVAL_MS, ROTATION_CHECK_MS));
          timer.unref?.();
        },
        async stop() {
          if (timer) clearInterval(timer);
        },
      };
    },
  });
}

export const identity = createIdentity();
