/**
 * Identity's OpenAPI 3.1 document (`GET /openapi.json`): the account forms, session renewal, the
 * audit log, the JWKS, key rotation and the fragments, generated from the zod schemas the routes
 * validate with.
 */

import { IDENTITY_HEADER } from "@tessera/chassis/access";
import {
  fragmentServerOperations,
  html,
  json,
  type Operation,
  openApiDocument,
  problem,
  type ResponseSpec,
  redirect,
} from "@tessera/chassis/openapi";
import { FragmentManifest } from "@tessera/contracts/fragment-manifest";
import { z } from "zod";
import { LogoutForm } from "./routes/account.ts";
import { AuditQuery } from "./routes/audit.ts";
import { AccountPageQuery, LoginPageQuery, RegisterPageQuery } from "./routes/fragments.ts";
import { OpsAuditQuery } from "./routes/ops-audit.ts";
import { RenewHeaders } from "./routes/sessions.ts";
import { AddressForm, Login, Registration } from "./users/validation.ts";

const PublicUser = z.strictObject({ id: z.uuid(), name: z.string(), email: z.string() });
const Session = z.strictObject({ user: PublicUser, expiresAt: z.iso.datetime() });
const Shopper = z.object({
  [IDENTITY_HEADER]: z
    .string()
    .optional()
    .describe("The composer's internal identity token for identity (ES256 JWT, audience identity)"),
});
const Jwk = z.looseObject({ kty: z.string(), kid: z.string(), alg: z.string().optional() });

const NO_STORE = "The `tessera_session` cookie is set (or cleared) with `set-cookie`";

const formResponses = (ok: Record<number, ResponseSpec>): Operation["responses"] => ({
  ...ok,
  303: redirect("A browser's form: onwards, or back to the form page with `?error=` and `field=`"),
  400: problem("The body could not be read"),
  413: problem("The body is over 16 KiB"),
  415: problem("Neither a form nor JSON"),
  422: problem("A field is invalid (named in `detail`, JSON)"),
});

const form = (
  path: string,
  summary: string,
  schema: z.ZodType,
  ok: Record<number, ResponseSpec>,
): Operation => ({
  method: "post",
  path,
  summary,
  description: `A browser's form gets \`303 See Other\`; \`accept: application/json\` gets JSON or a problem. ${NO_STORE}.`,
  body: { schema, media: ["form", "json"] },
  responses: formResponses(ok),
});

const page = (name: string, summary: string, query?: z.ZodObject): Operation => ({
  method: "get",
  path: `/fragments/${name}`,
  summary,
  headers: Shopper,
  ...(query ? { query } : {}),
  responses: { 200: html("The fragment (never cached)"), 303: redirect("Signed in already, or not yet") },
});

const operations: Operation[] = [
  form("/account/register", "Register and sign in", Registration, {
    201: json(Session, "Registered and signed in (JSON)"),
    409: problem("The email is taken (JSON)"),
  }),
  form("/account/login", "Sign in", Login, {
    200: json(Session, "Signed in (JSON)"),
    401: problem("Wrong email or password; never says which (JSON)"),
    429: problem("Too many attempts for this account or from this address (with Retry-After)"),
  }),
  {
    method: "post",
    path: "/account/logout",
    summary: "Sign out",
    description: NO_STORE,
    headers: Shopper,
    body: { schema: LogoutForm, media: ["form", "json"], required: false },
    responses: {
      200: json(z.strictObject({ signedOut: z.literal(true) }), "Signed out (JSON)"),
      303: redirect("A browser's form: to `returnTo`, or home"),
      413: problem("The body is over 16 KiB"),
    },
  },
  {
    ...form("/account/address", "Save the signed-in user's delivery address (audited)", AddressForm, {
      200: json(
        z.strictObject({
          address: z.strictObject({
            name: z.string(),
            street: z.string(),
            postcode: z.string(),
            city: z.string(),
            country: z.string(),
            updatedAt: z.iso.datetime(),
          }),
        }),
        "Saved (JSON)",
      ),
      401: problem("Nobody is signed in (JSON; a browser's form is sent to the sign-in page)"),
    }),
    description:
      "Only the signed-in user's own address (from the identity token). A browser's form gets `303` to `/account`, or back to it with `?error=`, `field=` and what was typed; `accept: application/json` gets JSON or a problem naming each bad field.",
    headers: Shopper,
  },
  {
    method: "post",
    path: "/api/sessions/renew",
    summary: "A fresh session token for a valid one (sets the cookie)",
    headers: RenewHeaders,
    responses: {
      200: json(Session, "The renewed session"),
      401: problem("No, an invalid or too old token, or its user is gone"),
    },
  },
  {
    method: "get",
    path: "/api/audit",
    summary: "A user's audit entries, newest first (only for that user)",
    headers: Shopper,
    query: AuditQuery,
    responses: {
      200: json(
        z.strictObject({
          items: z.array(
            z.strictObject({
              id: z.number().int(),
              action: z.string(),
              userId: z.string().nullable(),
              email: z.string().nullable(),
              traceId: z.string().nullable(),
              occurredAt: z.iso.datetime(),
            }),
          ),
        }),
        "The entries",
      ),
      401: problem("Nobody is signed in"),
      403: problem("Someone else's records"),
      422: problem("A malformed user id or limit"),
    },
  },
  {
    method: "get",
    path: "/.well-known/jwks.json",
    summary: "The public keys that verify session tokens (cacheable for a minute)",
    responses: { 200: json(z.object({ keys: z.array(Jwk) }), "The JWKS") },
  },
  {
    method: "get",
    path: "/ops/audit",
    summary: "Audit entries (register, login, failed login, logout), newest first, by user (operators only)",
    tags: ["ops"],
    query: OpsAuditQuery,
    responses: {
      200: json(z.object({ items: z.array(z.record(z.string(), z.unknown())) }), "The entries"),
      401: problem("No operator signed in"),
      403: problem("The caller is not an operator"),
      422: problem("A malformed user id or limit"),
    },
  },
  {
    method: "post",
    path: "/ops/rotate-keys",
    summary: "Rotate the signing key now (operators only)",
    tags: ["ops"],
    headers: Shopper,
    responses: {
      401: problem("No operator signed in"),
      403: problem("The caller is not an operator"),
      200: json(
        z.strictObject({ kid: z.string(), retired: z.array(z.string()) }),
        "The new key and the retired ones",
      ),
    },
  },
  ...fragmentServerOperations({ manifest: FragmentManifest, remote: true }),
  page("login-page", "The sign-in page (identity/login-page)", LoginPageQuery),
  page("register-page", "The registration page (identity/register-page)", RegisterPageQuery),
  page(
    "account-page",
    "The account page: delivery address and order history (identity/account-page)",
    AccountPageQuery,
  ),
  {
    method: "get",
    path: "/fragments/account-link",
    summary: "The header's account link (identity/account-link)",
    headers: Shopper,
    responses: { 200: html("The fragment (never cached)") },
  },
];

export function apiDocument(version: string) {
  return openApiDocument({
    title: "Tessera identity",
    version,
    description: "Users, sessions (ES256 JWTs), the JWKS, the audit log and the account pages.",
    operations,
  });
}
