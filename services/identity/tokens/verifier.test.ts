import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { BuiltService } from "@tessera/chassis/service";
import { exportJWK, generateKeyPair, type JSONWebKeySet, SignJWT } from "jose";
import { buildIdentity } from "../test-support.ts";
import { ALGORITHM, AUDIENCE, ISSUER } from "./claims.ts";
import { issueSessionToken } from "./issue.ts";
import { createKeyStore, type KeyStore } from "./keys.ts";
import { createSessionVerifier } from "./verifier.ts";

let service: BuiltService;
let keys: KeyStore;
let jwks: JSONWebKeySet;
const user = { id: crypto.randomUUID(), name: "Ann Example", email: "ann@example.com" };
const ttl = { ttlSeconds: 900, now: new Date() };

beforeAll(async () => {
  service = await buildIdentity();
  keys = createKeyStore({
    db: service.ctx.database.db,
    tokenTtlSeconds: 900,
    rotationIntervalMs: 86_400_000,
  });
  jwks = await (await service.app.request("/.well-known/jwks.json")).json();
});
afterAll(() => service.close());

/** The reason the verifier gives for refusing `token`, or "accepted". */
async function refusal(token: string, verify = createSessionVerifier(jwks)): Promise<string> {
  return verify(token).then(
    () => "accepted",
    (error: { status: number; extensions: { reason?: string } }) => {
      expect(error.status).toBe(401);
      return error.extensions.reason ?? "refused";
    },
  );
}

/** A token signed with the current key, with these claims and header. */
async function signed(
  claims: Record<string, unknown>,
  options: { aud?: string; iss?: string; exp?: number } = {},
) {
  const { kid, privateKey } = await keys.signingKey();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ name: user.name, email: user.email, ...claims })
    .setProtectedHeader({ alg: ALGORITHM, kid })
    .setIssuer(options.iss ?? ISSUER)
    .setAudience(options.aud ?? AUDIENCE)
    .setSubject(user.id)
    .setIssuedAt(now)
    .setExpirationTime(options.exp ?? now + 900)
    .setJti(crypto.randomUUID())
    .sign(privateKey);
}

describe("createSessionVerifier — with identity's JWKS", () => {
  test("an issued token - verifies, with the user's claims", async () => {
    const { token } = await issueSessionToken(keys, user, ttl);
    expect(await createSessionVerifier(jwks)(token)).toMatchObject({
      sub: user.id,
      name: user.name,
      email: user.email,
      iss: ISSUER,
      aud: AUDIENCE,
    });
  });

  test("a token whose payload was changed - is refused (bad signature)", async () => {
    const { token } = await issueSessionToken(keys, user, ttl);
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: crypto.randomUUID() })).toString("base64url");
    expect(await refusal(`${header}.${forged}.${signature}`)).toBe("ERR_JWS_SIGNATURE_VERIFICATION_FAILED");
  });

  test("an expired token - is refused", async () => {
    const { token } = await issueSessionToken(keys, user, {
      ttlSeconds: 900,
      now: new Date(Date.now() - 3_600_000),
    });
    expect(await refusal(token)).toBe("ERR_JWT_EXPIRED");
  });

  test("a token for another audience - is refused", async () => {
    expect(await refusal(await signed({}, { aud: "tessera-ops" }))).toBe("ERR_JWT_CLAIM_VALIDATION_FAILED");
  });

  test("a token from another issuer - is refused", async () => {
    expect(await refusal(await signed({}, { iss: "someone-else" }))).toBe("ERR_JWT_CLAIM_VALIDATION_FAILED");
  });

  test("an alg: none token - is refused", async () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${part({ alg: "none", typ: "JWT" })}.${part({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: user.id,
      name: user.name,
      email: user.email,
      iat: now,
      exp: now + 900,
      jti: "x",
    })}.`;
    expect(await refusal(unsigned)).toBe("ERR_JOSE_ALG_NOT_ALLOWED");
  });

  test("a token signed by a key the JWKS does not publish - is refused", async () => {
    const { privateKey, publicKey } = await generateKeyPair(ALGORITHM);
    const kid = "stranger";
    const token = await new SignJWT({ name: user.name, email: user.email })
      .setProtectedHeader({ alg: ALGORITHM, kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(user.id)
      .setIssuedAt()
      .setExpirationTime("15m")
      .setJti("x")
      .sign(privateKey);
    expect(await refusal(token)).toBe("ERR_JWKS_NO_MATCHING_KEY");
    // …and the same token verifies against a JWKS that does publish that key: the refusal was the key.
    const theirs = { keys: [{ ...(await exportJWK(publicKey)), kid, alg: ALGORITHM }] };
    expect(await refusal(token, createSessionVerifier(theirs))).toBe("accepted");
  });

  test("a token without a name or email claim - is refused", async () => {
    expect(await refusal(await signed({ name: undefined }))).toBe("refused");
  });

  test("the JWKS by URL - verifies a token (fetched over HTTP)", async () => {
    const server = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: (request) => service.app.fetch(request),
    });
    try {
      const verify = createSessionVerifier(new URL("/.well-known/jwks.json", server.url));
      const { token } = await issueSessionToken(keys, user, ttl);
      expect((await verify(token)).sub).toBe(user.id);
    } finally {
      await server.stop(true);
    }
  });
});
