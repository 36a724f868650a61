/**
 * Identity's own database: users (email unique whatever its case), the ES256 signing keys
 * (the current one signs; retired ones stay until the tokens they signed have expired) and the
 * append-only audit log (a trigger refuses UPDATE, DELETE and TRUNCATE: see migration 0001), and
 * each user's delivery address (one per user).
 */
import { sql } from "drizzle-orm";
import { bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { JWK } from "jose";

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey(),
    /** As the shopper typed it (trimmed); unique case-insensitively. */
    email: text("email").notNull(),
    name: text("name").notNull(),
    /** Argon2id, in the PHC string format (`$argon2id$v=19$m=…`). */
    passwordHash: text("password_hash").notNull(),
    /** What the user may do besides shopping: `operator` opens the ops pages. */
    roles: text("roles").array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_lower_unique").on(sql`lower(${t.email})`)],
);

export const signingKeys = pgTable("signing_keys", {
  /** The RFC 7638 thumbprint of the public key, also the tokens' `kid`. */
  kid: text("kid").primaryKey(),
  publicJwk: jsonb("public_jwk").$type<JWK>().notNull(),
  privateJwk: jsonb("private_jwk").$type<JWK>().notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  /** When the key stopped signing; null for the current key. */
  retiredAt: timestamp("retired_at", { withTimezone: true, mode: "date" }),
});

export const AUDIT_ACTIONS = [
  "register",
  "login",
  "login-failed",
  "login-throttled",
  "logout",
  "operator-seeded",
  "address.changed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    occurredAt: timestamp("occurred_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    action: text("action").$type<AuditAction>().notNull(),
    /** Who: the user, when known (a failed login for an unknown email has none). */
    userId: uuid("user_id"),
    /** The email address given (for a failed login: the one tried). */
    email: text("email"),
    /** The trace of the request that did it, to find its log lines and spans. */
    traceId: text("trace_id"),
    /** What changed, in a few words (an address change: the old and new city and country only). */
    detail: text("detail"),
  },
  (t) => [index("audit_log_user_idx").on(t.userId, t.occurredAt)],
);

/** A user's delivery address: one row per user, replaced when they change it. */
export const addresses = pgTable("addresses", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  street: text("street").notNull(),
  postcode: text("postcode").notNull(),
  city: text("city").notNull(),
  /** ISO 3166-1 alpha-2, upper case. */
  country: text("country").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
