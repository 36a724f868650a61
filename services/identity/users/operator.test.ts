import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { BuiltService } from "@tessera/chassis/service";
import { decodeJwt } from "jose";
import { buildIdentity, JSON_FORM, newShopper, postForm, sessionToken } from "../test-support.ts";

const OPERATOR = { email: "ops.lead@example.com", password: "a-long-operator-secret" };
let service: BuiltService;
beforeAll(async () => {
  service = await buildIdentity({
    OPERATOR_EMAIL: OPERATOR.email,
    OPERATOR_PASSWORD: OPERATOR.password,
    LOGIN_RATE_PER_MINUTE: "3",
  });
}, 60_000);
afterAll(() => service.close());

const roles = (response: Response) => decodeJwt(sessionToken(response) as string).roles;

describe("identity — operator and roles", () => {
  test("the configured operator - is seeded, and signing in gives a session with the operator role", async () => {
    const response = await postForm(service, "/account/login", OPERATOR, JSON_FORM);
    expect(response.status).toBe(200);
    expect(roles(response)).toEqual(["operator"]);
  });

  test("a shopper - signs in with no roles", async () => {
    const shopper = newShopper();
    expect(roles(await postForm(service, "/account/register", shopper))).toEqual([]);
    const login = await postForm(
      service,
      "/account/login",
      { email: shopper.email, password: shopper.password },
      JSON_FORM,
    );
    expect(roles(login)).toEqual([]);
  });
});

describe("identity — sign-in rate limit", () => {
  test("attempts past the account's bucket - 429 problem with Retry-After, even with the right password", async () => {
    const shopper = newShopper();
    await postForm(service, "/account/register", shopper);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push(
        (
          await postForm(
            service,
            "/account/login",
            { email: shopper.email, password: "wrong-one" },
            JSON_FORM,
          )
        ).status,
      );
    expect(statuses).toEqual([401, 401, 401]);
    const throttled = await postForm(
      service,
      "/account/login",
      { email: shopper.email, password: shopper.password },
      JSON_FORM,
    );
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
    // another account from the same address is not held back by this one
    const other = newShopper();
    await postForm(service, "/account/register", other);
    expect(
      (await postForm(service, "/account/login", { email: other.email, password: other.password }, JSON_FORM))
        .status,
    ).toBe(200);
  });
});
