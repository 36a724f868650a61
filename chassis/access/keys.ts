/**
 * The composer's signing keys for internal identity tokens. The first key signs; every key is
 * published in the JWKS so that tokens signed by a key being rotated out still verify. Keys come
 * from configuration (`ACCESS_SIGNING_KEYS`, a JSON array of private ES256 JWKs, newest first)
 * or are generated at start; {@link SigningKeys.rotate} puts a new key in front at run time.
 *
 * @example
 * const keys = await createSigningKeys(process.env.ACCESS_SIGNING_KEYS);
 * const { kid, privateKey } = keys.current();
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { INTERNAL_ALGORITHM } from "./claims.ts";

interface LoadedKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface SigningKeys {
  /** The key that signs now. */
  current(): { kid: string; privateKey: CryptoKey };
  /** The public keys, current first (what `/.well-known/internal-jwks.json` serves). */
  jwks(): { keys: JWK[] };
  /** Puts a new key in front; keeps at most `keep` keys (the previous ones verify until dropped). */
  rotate(keep?: number): Promise<{ kid: string; retired: string[] }>;
}

/** A new private ES256 JWK with its `kid` (the RFC 7638 thumbprint). */
export async function generatePrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(INTERNAL_ALGORITHM, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: INTERNAL_ALGORITHM, use: "sig" };
}

/** The public half of a private JWK. */
export function publicJwkOf(jwk: JWK): JWK {
  const { d: _d, ...rest } = jwk;
  return { ...rest, alg: INTERNAL_ALGORITHM, use: "sig" };
}

async function load(jwk: JWK): Promise<LoadedKey> {
  if (jwk.kty !== "EC" || jwk.crv !== "P-256" || typeof jwk.d !== "string")
    throw new Error(
      `an access signing key must be a private EC P-256 JWK (kty "EC", crv "P-256", d), not kty "${jwk.kty}"`,
    );
  const kid = jwk.kid ?? (await calculateJwkThumbprint(publicJwkOf(jwk)));
  const privateKey = (await importJWK({ ...jwk, kid }, INTERNAL_ALGORITHM)) as CryptoKey;
  return { kid, privateKey, publicJwk: { ...publicJwkOf(jwk), kid } };
}

/** Parses `ACCESS_SIGNING_KEYS` (a JWK or an array of them); throws naming what is wrong. */
export function parseSigningKeys(text: string): JWK[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error("ACCESS_SIGNING_KEYS is not JSON: expected an array of private ES256 JWKs");
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  if (list.length === 0 || list.some((k) => typeof k !== "object" || k === null))
    throw new Error("ACCESS_SIGNING_KEYS must hold at least one JWK object");
  return list as JWK[];
}

/** The signing keys from configuration, or one generated key when none is configured. */
export async function createSigningKeys(configured?: string): Promise<SigningKeys> {
  let keys = await Promise.all(
    (configured ? parseSigningKeys(configured) : [await generatePrivateJwk()]).map(load),
  );
  return {
    current: () => {
      const [first] = keys as [LoadedKey];
      return { kid: first.kid, privateKey: first.privateKey };
    },
    jwks: () => ({ keys: keys.map((k) => k.publicJwk) }),
    async rotate(keep = 2) {
      const next = await load(await generatePrivateJwk());
      const retired = keys.slice(keep - 1).map((k) => k.kid);
      keys = [next, ...keys].slice(0, keep);
      return { kid: next.kid, retired };
    },
  };
}

/**
 * A fresh key pair as environment variables: `ACCESS_SIGNING_KEYS` for the composer and
 * `ACCESS_JWKS` for the services (what the embedded and distributed starters pass when the
 * environment sets neither).
 */
export async function accessKeysEnv(): Promise<{ ACCESS_SIGNING_KEYS: string; ACCESS_JWKS: string }> {
  const jwk = await generatePrivateJwk();
  return {
    ACCESS_SIGNING_KEYS: JSON.stringify([jwk]),
    ACCESS_JWKS: JSON.stringify({ keys: [publicJwkOf(jwk)] }),
  };
}

/**
 * `env` with the keys both sides need: `ACCESS_JWKS` derived from `ACCESS_SIGNING_KEYS` when only
 * those are set, a fresh pair when neither is (nor `ACCESS_JWKS_URL`). What the embedded and
 * distributed starters call before starting the composer and the services.
 */
export async function withAccessKeys<E extends Record<string, string | undefined>>(env: E): Promise<E> {
  if (env.ACCESS_SIGNING_KEYS && !env.ACCESS_JWKS && !env.ACCESS_JWKS_URL) {
    const keys = parseSigningKeys(env.ACCESS_SIGNING_KEYS);
    return { ...env, ACCESS_JWKS: JSON.stringify({ keys: keys.map(publicJwkOf) }) };
  }
  if (!env.ACCESS_SIGNING_KEYS && !env.ACCESS_JWKS && !env.ACCESS_JWKS_URL)
    return { ...env, ...(await accessKeysEnv()) };
  return env;
}
