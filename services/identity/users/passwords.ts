/**
 * Password hashing with Argon2id (memory-hard), at OWASP's recommended cost: 19 MiB, two passes.
 * A login for an unknown email still verifies against a dummy hash, so the answer takes as long
 * as a wrong password for a real account and does not tell which emails exist.
 */

const ARGON2 = { algorithm: "argon2id", memoryCost: 19_456, timeCost: 2 } as const;

export function hashPassword(password: string): Promise<string> {
  return Bun.password.hash(password, ARGON2);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return Bun.password.verify(password, hash).catch(() => false);
}

let dummy: Promise<string> | undefined;

/** Spends the same work as {@link verifyPassword} and always resolves false. */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummy ??= hashPassword(crypto.randomUUID());
  await verifyPassword(password, await dummy);
  return false;
}
