import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { BuiltService } from "@tessera/chassis/service";
import { decodeProtectedHeader } from "jose";
import { signingKeys } from "../db/schema.ts";
import { asUser, buildIdentity, newShopper, postForm, sessionToken } from "../test-support.ts";
import { createKeyStore } from "./keys.ts";
import { createSessionVerifier } from "./verifier.ts";

const MINUTE = 60_000;
let clock = new Date("2026-11-25T12:00:00Z");
const now = () => clock;
let service: BuiltService;

beforeAll(async () => {
  service = await buildIdentity({}, { now });
});
afterAll(() => service.close());

const jwks = async () => (await service.app.request("/.well-known/jwks.json")).json();
const kids = async () => (await jwks()).keys.map((k: { kid: string }) => k.kid);
const kidOf = (token: string) => decodeProtectedHeader(token).kid as string;
const verifyNow = async (token: string) =>
  createSessionVerifier(await jwks(), { now })(token).then(
    () => "valid",
    () => "refused",
  );

describe("signing keys — rotation", () => {
  test("rotating on demand - old tokens stay verifiable until they expire, then their key is gone", async () => {
    const before = sessionToken(await postForm(service, "/account/register", newShopper())) as string;
    const oldKid = kidOf(before);

    const refused = await service.app.request("/ops/rotate-keys", {
      method: "POST",
      headers: await asUser("shopper"),
    });
    expect(refused.status).toBe(403);
    const rotated = await service.app.request("/ops/rotate-keys", {
      method: "POST",
      headers: await asUser("operator", ["operator"]),
    });
    expect(rotated.status).toBe(200);
    const { kid: newKid, retired } = await rotated.json();
    expect(retired).toEqual([oldKid]);
    expect(newKid).not.toBe(oldKid);

    const after = sessionToken(await postForm(service, "/account/register", newShopper())) as string;
    expect(kidOf(after)).toBe(newKid);
    expect(await kids()).toEqual([newKid, oldKid]);
    expect(await verifyNow(before)).toBe("valid");
    expect(await verifyNow(after)).toBe("valid");

    clock = new Date(clock.getTime() + 14 * MINUTE);
    expect(await kids()).toContain(oldKid);
    expect(await verifyNow(before)).toBe("valid");

    clock = new Date(clock.getTime() + 2 * MINUTE + 1000); // past the token's 15 minutes and the skew
    expect(await kids()).toEqual([newKid]);
    expect(await verifyNow(before)).toBe("refused");
  });

  test("on a schedule - rotates only once the key is older than the interval, and drops keys no token needs", async () => {
    const db = service.ctx.database.db;
    const keys = createKeyStore({ db, tokenTtlSeconds: 900, rotationIntervalMs: 24 * 60 * MINUTE, now });
    await keys.rotate();
    const first = (await keys.signingKey()).kid;

    clock = new Date(clock.getTime() + 23 * 60 * MINUTE);
    expect(await keys.rotateIfDue()).toBe(false);
    expect((await keys.signingKey()).kid).toBe(first);

    clock = new Date(clock.getTime() + 60 * MINUTE);
    expect(await keys.rotateIfDue()).toBe(true);
    const second = (await keys.signingKey()).kid;
    expect(second).not.toBe(first);
    expect((await keys.jwks()).keys.map((k) => k.kid)).toEqual([second, first]);

    clock = new Date(clock.getTime() + 20 * MINUTE);
    expect(await keys.rotateIfDue()).toBe(false);
    expect((await keys.jwks()).keys.map((k) => k.kid)).toEqual([second]);
    expect((await db.select().from(signingKeys)).map((k) => k.kid)).toEqual([second]);
  });

  test("two instances starting at once on an empty database - agree on one signing key", async () => {
    const fresh = await buildIdentity();
    try {
      const db = fresh.ctx.database.db;
      await db.delete(signingKeys);
      const stores = [1, 2, 3].map(() =>
        createKeyStore({ db, tokenTtlSeconds: 900, rotationIntervalMs: 86_400_000 }),
      );
      const signing = await Promise.all(stores.map((s) => s.signingKey()));
      expect(new Set(signing.map((k) => k.kid)).size).toBe(1);
      expect(await db.select().from(signingKeys)).toHaveLength(1);
    } finally {
      await fresh.close();
    }
  });
});
