import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { BuiltService } from "@tessera/chassis/service";
import { buildIdentity, newShopper, postForm, sessionToken } from "../test-support.ts";
import { createSessionVerifier } from "../tokens/verifier.ts";

const MINUTE = 60_000;
let clock = new Date("2026-11-25T08:00:00Z");
const now = () => clock;
let service: BuiltService;

beforeAll(async () => {
  service = await buildIdentity({}, { now });
});
afterAll(() => service.close());

const renew = (authorization: string) =>
  service.app.request("/api/sessions/renew", { method: "POST", headers: { authorization } });
const verify = async (token: string) =>
  createSessionVerifier(await (await service.app.request("/.well-known/jwks.json")).json(), { now })(token);

describe("POST /api/sessions/renew", () => {
  test("with a valid token - a fresh cookie for the same user, expiring 15 minutes from now", async () => {
    const shopper = newShopper();
    const token = sessionToken(await postForm(service, "/account/register", shopper)) as string;
    clock = new Date(clock.getTime() + 10 * MINUTE);
    const response = await renew(`Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toContain("HttpOnly");
    const renewed = sessionToken(response) as string;
    const [before, after] = [await verify(token), await verify(renewed)];
    expect(after).toMatchObject({ sub: before.sub, email: shopper.email, auth_time: before.auth_time });
    expect(after.exp - before.exp).toBe(10 * 60);
  });

  test("with a tampered token, or none - 401 and no cookie", async () => {
    const token = sessionToken(await postForm(service, "/account/register", newShopper())) as string;
    const [h, , s] = token.split(".");
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: crypto.randomUUID() })).toString("base64url")}.${s}`;
    for (const authorization of [`Bearer ${forged}`, "", `Basic ${token}`]) {
      const response = await renew(authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get("set-cookie")).toBeNull();
    }
  });

  test("renewed every few minutes past 12 hours from sign-in - refused, the shopper signs in again", async () => {
    let token = sessionToken(await postForm(service, "/account/register", newShopper())) as string;
    const signedInAt = clock.getTime();
    const renewals: number[] = [];
    while (clock.getTime() + 10 * MINUTE - signedInAt <= 12 * 60 * MINUTE) {
      clock = new Date(clock.getTime() + 10 * MINUTE);
      const response = await renew(`Bearer ${token}`);
      renewals.push(response.status);
      token = sessionToken(response) ?? token;
    }
    expect(renewals).toEqual(Array(72).fill(200));
    clock = new Date(clock.getTime() + 10 * MINUTE);
    const refused = await renew(`Bearer ${token}`);
    expect(refused.status).toBe(401);
    expect((await refused.json()).detail).toBe("The session is too old to renew; sign in again");
  });
});
