/**
 * The ES256 signing keys, kept in identity's database so every instance signs with the same
 * current key. Rotation (on a schedule, or on demand) retires the current key and creates a new
 * one; a retired key stays published in the JWKS until every token it signed has expired (the
 * token lifetime plus a minute of clock skew), then it is deleted.
 *
 * @example
 * const keys = createKeyStore({ db, tokenTtlSeconds: 900, rotationIntervalMs: 86_400_000 });
 * const { kid, privateKey } = await keys.signingKey();
 */
import type { Db } from "@tessera/chassis/db";
import { and, desc, gt, isNull, lte, or, sql } from "drizzle-orm";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { signingKeys } from "../db/schema.ts";
import { ALGORITHM } from "./claims.ts";

/** Verifiers may run a little ahead of or behind us. */
export const CLOCK_SKEW_SECONDS = 60;

/** Serialises rotations across instances sharing the database (any constant id would do). */
const ROTATION_LOCK = 0x1d3e7717;

export interface KeyStoreOptions {
  db: Db;
  /** How long a token lives: a retired key stays published this long (plus skew). */
  tokenTtlSeconds: number;
  /** The age at which {@link KeyStore.rotateIfDue} replaces the current key. */
  rotationIntervalMs: number;
  /** The clock (tests move it). */
  now?: () => Date;
}

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

export interface Jwks {
  keys: JWK[];
}

export interface KeyStore {
  /** The current key, creating the first one when there is none. */
  signingKey(): Promise<SigningKey>;
  /** The public keys a verifier needs: the current key and the retired ones whose tokens may still live. */
  jwks(): Promise<Jwks>;
  /** Retires the current key and starts signing with a new one; deletes keys no token needs. */
  rotate(): Promise<{ kid: string; retired: string[] }>;
  /** Rotates when the current key is older than the rotation interval; resolves true when it did. */
  rotateIfDue(): Promise<boolean>;
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type KeyRow = typeof signingKeys.$inferSelect;

async function newKeyRow(createdAt: Date): Promise<KeyRow> {
  const { publicKey, privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const meta = { kid, alg: ALGORITHM, use: "sig" };
  return {
    kid,
    publicJwk: { ...publicJwk, ...meta },
    privateJwk: { ...(await exportJWK(privateKey)), ...meta },
    createdAt,
    retiredAt: null,
  };
}

export function createKeyStore(options: KeyStoreOptions): KeyStore {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const imported = new Map<string, Promise<CryptoKey>>();
  const keepRetiredMs = (options.tokenTtlSeconds + CLOCK_SKEW_SECONDS) * 1000;

  const lock = (tx: Tx) => tx.execute(sql`select pg_advisory_xact_lock(${ROTATION_LOCK})`);
  const currentRow = async (tx: Tx | Db) => {
    const [row] = await tx
      .select()
      .from(signingKeys)
      .where(isNull(signingKeys.retiredAt))
      .orderBy(desc(signingKeys.createdAt))
      .limit(1);
    return row;
  };

  /** Retires every current key, inserts a new one and deletes keys past their keeping time. */
  async function replaceCurrent(tx: Tx, at: Date): Promise<{ kid: string; retired: string[] }> {
    const retired = await tx
      .update(signingKeys)
      .set({ retiredAt: at })
      .where(isNull(signingKeys.retiredAt))
      .returning({ kid: signingKeys.kid });
    const row = await newKeyRow(at);
    await tx.insert(signingKeys).values(row);
    await tx.delete(signingKeys).where(lte(signingKeys.retiredAt, new Date(at.getTime() - keepRetiredMs)));
    return { kid: row.kid, retired: retired.map((r) => r.kid) };
  }

  async function current(): Promise<KeyRow> {
    const found = await currentRow(db);
    if (found) return found;
    return db.transaction(async (tx) => {
      await lock(tx);
      const raced = await currentRow(tx);
      if (raced) return raced;
      const row = await newKeyRow(now());
      await tx.insert(signingKeys).values(row);
      return row;
    });
  }

  return {
    async signingKey() {
      const row = await current();
      let key = imported.get(row.kid);
      if (!key) {
        key = importJWK(row.privateJwk, ALGORITHM) as Promise<CryptoKey>;
        imported.set(row.kid, key);
      }
      return { kid: row.kid, privateKey: await key };
    },

    async jwks() {
      await current();
      const since = new Date(now().getTime() - keepRetiredMs);
      const rows = await db
        .select({ publicJwk: signingKeys.publicJwk })
        .from(signingKeys)
        .where(or(isNull(signingKeys.retiredAt), gt(signingKeys.retiredAt, since)))
        // The current key first (NULLs sort first when descending), then the most recently retired.
        .orderBy(desc(signingKeys.retiredAt), desc(signingKeys.createdAt));
      return { keys: rows.map((r) => r.publicJwk) };
    },

    rotate() {
      return db.transaction(async (tx) => {
        await lock(tx);
        return replaceCurrent(tx, now());
      });
    },

    rotateIfDue() {
      return db.transaction(async (tx) => {
        await lock(tx);
        const at = now();
        const row = await currentRow(tx);
        if (row && at.getTime() - row.createdAt.getTime() < options.rotationIntervalMs) {
          // Not due; still let retired keys go once no token needs them.
          await tx
            .delete(signingKeys)
            .where(
              and(
                lte(signingKeys.retiredAt, new Date(at.getTime() - keepRetiredMs)),
                sql`${signingKeys.retiredAt} is not null`,
              ),
            );
          return false;
        }
        await replaceCurrent(tx, at);
        return true;
      });
    },
  };
}
