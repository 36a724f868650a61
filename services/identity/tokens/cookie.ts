/** The `tessera_session` cookie: HttpOnly, SameSite=Lax, Path=/, and Secure behind TLS. */

export const SESSION_COOKIE = "tessera_session";

export interface CookieOptions {
  secure: boolean;
}

const attributes = (options: CookieOptions) =>
  `Path=/; HttpOnly; SameSite=Lax${options.secure ? "; Secure" : ""}`;

/** Sets the session; the browser drops it when the token expires. */
export function sessionCookie(token: string, maxAgeSeconds: number, options: CookieOptions): string {
  return `${SESSION_COOKIE}=${token}; ${attributes(options)}; Max-Age=${maxAgeSeconds}`;
}

/** Clears the session. */
export function clearedSessionCookie(options: CookieOptions): string {
  return `${SESSION_COOKIE}=; ${attributes(options)}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;
}
