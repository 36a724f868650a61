/**
 * The request side of the wire client: an `http:` URL cut into its authority and its target, and
 * the request head written as HTTP/1.1 text. Header names and values that could split the head
 * (CR, LF, NUL, a name that is no token) are refused here, before anything is sent.
 *
 * @example
 * splitUrl("http://127.0.0.1:4001/fragments/header?x=1"); // { key: "127.0.0.1:4001", path: "/fragments/header?x=1" }
 * requestHead("GET", "/x", "127.0.0.1:4001", { accept: "text/html" }, undefined, -1);
 * // "GET /x HTTP/1.1\r\naccept: text/html\r\nhost: 127.0.0.1:4001\r\n\r\n"
 */

/** An HTTP token (RFC 9110): what a method or a header name may hold. */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const UNSAFE_VALUE = /[\r\n\0]/;

/** The authority (`host:port`, the pool's key) and the request target of an `http:` URL. */
export function splitUrl(url: string): { key: string; path: string } {
  if (!url.startsWith("http://"))
    throw new TypeError(`wire: only http: URLs are supported, not ${JSON.stringify(url.slice(0, 100))}`);
  let end = url.length;
  for (const mark of ["/", "?", "#"]) {
    const at = url.indexOf(mark, 7);
    if (at >= 0 && at < end) end = at;
  }
  const key = url.slice(7, end);
  let path = url.slice(end);
  const hash = path.indexOf("#");
  if (hash >= 0) path = path.slice(0, hash);
  if (!path.startsWith("/")) path = `/${path}`;
  if (!key) throw new TypeError(`wire: no host in ${JSON.stringify(url.slice(0, 100))}`);
  return { key, path };
}

/**
 * The head of a request: its line, `headers`, then `overrides` in place of any header of the
 * same (lower-case) name, `host` unless given, and `content-length` when `length` ≥ 0. The
 * framing headers of `headers` (content-length, transfer-encoding, connection) are dropped: the
 * client frames the request itself.
 */
export function requestHead(
  method: string,
  path: string,
  host: string,
  headers: Headers | Record<string, string> | undefined,
  overrides: Record<string, string> | undefined,
  length: number,
): string {
  let head = `${method} ${path} HTTP/1.1\r\n`;
  let hostGiven = false;
  let replacing = false;
  /** Writes a field unless the client frames it itself or an override replaces it. */
  const write = (lower: string, name: string, value: string) => {
    if (lower === "content-length" || lower === "transfer-encoding" || lower === "connection") return;
    if (overrides && !replacing && lower in overrides) return;
    if (lower === "host") hostGiven = true;
    head += `${name}: ${value}\r\n`;
  };
  const add = (value: string, name: string) => {
    if (!TOKEN.test(name)) throw new TypeError(`wire: invalid header name ${JSON.stringify(name)}`);
    if (UNSAFE_VALUE.test(value))
      throw new TypeError(
        `wire: the value of header "${name}" holds CR, LF or NUL: ${JSON.stringify(value)}`,
      );
    write(name.toLowerCase(), name, value);
  };
  // a Headers holds lower-case token names and values without CR, LF or NUL (it refuses others),
  // so its fields are written without being checked again
  if (headers instanceof Headers)
    headers.forEach((value, name) => {
      write(name, name, value);
    });
  else if (headers) for (const name in headers) add(headers[name] as string, name);
  if (overrides) {
    replacing = true;
    for (const name in overrides) add(overrides[name] as string, name);
  }
  if (!hostGiven) head += `host: ${host}\r\n`;
  if (length >= 0) head += `content-length: ${length}\r\n`;
  return `${head}\r\n`;
}
