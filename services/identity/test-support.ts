/** Helpers the identity tests share: building the service in memory and posting its forms. */
import { testAccess } from "@tessera/chassis/access/testing";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { createIdentity, type IdentityOptions } from "./app.ts";

/** The composer's stand-in: the keys identity verifies internal identity tokens with. */
const access = testAccess();

export async function buildIdentity(
  env: Record<string, string> = {},
  options: IdentityOptions = {},
): Promise<BuiltService> {
  return buildService(createIdentity(options), {
    env: { LOG_LEVEL: "silent", ...(await access).env, ...env },
    inMemory: true,
  });
}

/**
 * The headers the composer sends identity for a signed-in user: a token for identity, and one
 * delegated for checkout (the account page's order history).
 */
export async function asUser(userId: string, roles: string[] = []): Promise<Record<string, string>> {
  return (await access).as(userId, "identity", { roles, delegate: ["checkout"] });
}

export const FORM = { "content-type": "application/x-www-form-urlencoded" };
export const JSON_FORM = { ...FORM, accept: "application/json" };

/** POSTs a urlencoded form (as a browser without JavaScript does, or with `accept` JSON). */
export function postForm(
  service: BuiltService,
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = FORM,
): Promise<Response> {
  return Promise.resolve(
    service.app.request(path, { method: "POST", headers, body: new URLSearchParams(fields).toString() }),
  );
}

let counter = 0;
/** A registration with a fresh email each call. */
export function newShopper(overrides: Record<string, string> = {}) {
  counter += 1;
  const password = `green-tractor-${counter}-seat`;
  return {
    name: `Shopper ${counter}`,
    email: `shopper${counter}.${crypto.randomUUID().slice(0, 8)}@example.com`,
    password,
    passwordConfirmation: password,
    ...overrides,
  };
}

/** The `tessera_session` value a response sets, or undefined. */
export function sessionToken(response: Response): string | undefined {
  return /tessera_session=([^;]*)/.exec(response.headers.get("set-cookie") ?? "")?.[1] || undefined;
}
