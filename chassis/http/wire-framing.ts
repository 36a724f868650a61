/**
 * HTTP/1.1 response framing for the wire client (RFC 9112): the response head (status line and
 * header fields) and the body's decoder — Content-Length, chunked (extensions and trailers
 * skipped) or read until the connection closes. Pure functions of bytes: no sockets here.
 *
 * @example
 * const head = parseHead("HTTP/1.1 200 OK\r\ncontent-length: 2", "GET");
 * const decoder = new BodyDecoder(head.framing, head.length, 64 * 1024);
 * decoder.feed(bytes, 0, (piece) => pieces.push(piece)); // decoder.done once both bytes came
 */

import { HeaderFields, isFieldName, isNamed } from "./header-fields.ts";

/** A response that breaks HTTP/1.1's syntax or framing. */
export class WireProtocolError extends Error {
  override name = "WireProtocolError";
}

/** How a response's body ends. */
export type Framing = "none" | "length" | "chunked" | "close";

export interface ResponseHead {
  status: number;
  headers: HeaderFields;
  /** A 1xx answer other than 101: another head follows on the same connection. */
  informational: boolean;
  framing: Framing;
  /** The body's length when `framing` is "length". */
  length: number;
  /** The connection may carry another request once this body was read. */
  keepAlive: boolean;
}

/**
 * The status of a status line (`HTTP/1.x NNN[ reason]`, x 0 or 1) and whether it is HTTP/1.1;
 * undefined when malformed. Read by char code: no match object per response.
 */
function statusOf(line: string): { status: number; http11: boolean } | undefined {
  if (line.length < 12 || !line.startsWith("HTTP/1.") || line.charCodeAt(8) !== 32) return undefined;
  const minor = line.charCodeAt(7);
  const a = line.charCodeAt(9) - 48;
  const b = line.charCodeAt(10) - 48;
  const c = line.charCodeAt(11) - 48;
  if ((minor !== 48 && minor !== 49) || a < 1 || a > 9 || b < 0 || b > 9 || c < 0 || c > 9) return undefined;
  if (line.length > 12 && (line.charCodeAt(12) !== 32 || line.includes("\r") || line.includes("\n")))
    return undefined;
  return { status: a * 100 + b * 10 + c, http11: minor === 49 };
}
const DIGITS = /^\d{1,15}$/;
const HEX = /^[0-9a-fA-F]{1,12}$/;

/** The index of the `\r\n\r\n` that ends a head in `bytes` (searching from `from`), or -1. */
export function headEnd(bytes: Buffer, from: number): number {
  return bytes.indexOf("\r\n\r\n", from, "latin1");
}

/**
 * Parses a response head (the text before its blank line, latin1-decoded) for a request made
 * with `method`; throws {@link WireProtocolError} for a malformed status line or header field,
 * or contradictory framing.
 */
export function parseHead(text: string, method: string): ResponseHead {
  // one pass over the text with indexOf: no array of lines, no regular expression per value
  let eol = text.indexOf("\r\n");
  if (eol < 0) eol = text.length;
  const statusLine = text.slice(0, eol);
  const parsed = statusOf(statusLine);
  if (!parsed)
    throw new WireProtocolError(`malformed status line ${JSON.stringify(statusLine.slice(0, 80))}`);
  const { status, http11 } = parsed;
  if (status === 101)
    throw new WireProtocolError("the server switched protocols (101), which this client does not do");
  const bounds: number[] = [];
  let contentLength: string | undefined;
  let transferEncoding: string | undefined;
  let connection = "";
  for (let at = eol + 2; at <= text.length; at = eol + 2) {
    eol = text.indexOf("\r\n", at);
    if (eol < 0) eol = text.length;
    const colon = text.indexOf(":", at);
    if (colon < 0 || colon > eol || !isFieldName(text, at, colon))
      throw new WireProtocolError(
        `malformed header line ${JSON.stringify(text.slice(at, Math.min(eol, at + 80)))}`,
      );
    // the value without the spaces and tabs around it
    let from = colon + 1;
    let to = eol;
    while (from < to && (text.charCodeAt(from) === 32 || text.charCodeAt(from) === 9)) from++;
    while (to > from && (text.charCodeAt(to - 1) === 32 || text.charCodeAt(to - 1) === 9)) to--;
    bounds.push(at, colon, from, to);
    // only the framing headers are read here; the rest stay in the text until asked for
    const size = colon - at;
    if (size === 14 && isNamed(text, at, "content-length")) {
      const value = text.slice(from, to);
      contentLength = contentLength === undefined ? value : `${contentLength},${value}`;
    } else if (size === 17 && isNamed(text, at, "transfer-encoding")) {
      const value = text.slice(from, to);
      transferEncoding = transferEncoding === undefined ? value : `${transferEncoding},${value}`;
    } else if (size === 10 && isNamed(text, at, "connection"))
      connection += `,${text.slice(from, to).toLowerCase()}`;
  }
  const informational = status < 200;
  let framing: Framing;
  let length = 0;
  if (informational || status === 204 || status === 304 || method === "HEAD") framing = "none";
  else if (transferEncoding !== undefined) {
    const codings = transferEncoding.toLowerCase().split(",");
    framing = codings[codings.length - 1]?.trim() === "chunked" ? "chunked" : "close";
  } else if (contentLength !== undefined) {
    length = contentLengthOf(contentLength);
    framing = "length";
  } else framing = "close";
  const keepAlive =
    http11 &&
    framing !== "close" &&
    // a response with both headers was framed by transfer-encoding; its connection is not reused
    !(transferEncoding !== undefined && contentLength !== undefined) &&
    (connection === "" || !connection.split(",").some((token) => token.trim() === "close"));
  return { status, headers: new HeaderFields(text, bounds), informational, framing, length, keepAlive };
}

/** The length a `content-length` gives: one number, or the same one repeated (RFC 9110 §8.6). */
function contentLengthOf(value: string): number {
  const values = value.includes(",") ? new Set(value.split(",").map((v) => v.trim())) : undefined;
  const only = values ? (values.size === 1 ? ([...values][0] as string) : "") : value;
  if (!DIGITS.test(only))
    throw new WireProtocolError(`invalid content-length ${JSON.stringify(value.slice(0, 80))}`);
  return Number(only);
}

enum Chunked {
  Size,
  Data,
  DataEnd,
  Trailer,
}

/**
 * Decodes one response body from the bytes that follow its head, handing out its pieces as
 * views of the bytes fed (no copies). A chunk-size line or the trailers longer than
 * `maxLineBytes` are refused, so a hostile server cannot make it buffer without end.
 */
export class BodyDecoder {
  /** The whole body was decoded (for "close", only {@link end} sets it). */
  done: boolean;
  private remaining: number;
  private state = Chunked.Size;
  private line = "";
  private trailerBytes = 0;

  constructor(
    readonly framing: Framing,
    length: number,
    private readonly maxLineBytes: number,
  ) {
    this.remaining = length;
    this.done = framing === "none" || (framing === "length" && length === 0);
  }

  /**
   * Feeds `bytes` from `start`; `emit` gets each piece of body. Returns the index past the last
   * byte that belonged to this body (bytes after it are the connection's, not the body's).
   */
  feed(bytes: Uint8Array, start: number, emit: (piece: Uint8Array) => void): number {
    if (this.done) return start;
    if (this.framing === "close") {
      if (start < bytes.byteLength) emit(start === 0 ? bytes : bytes.subarray(start));
      return bytes.byteLength;
    }
    if (this.framing === "length") {
      const take = Math.min(this.remaining, bytes.byteLength - start);
      if (take > 0)
        emit(start === 0 && take === bytes.byteLength ? bytes : bytes.subarray(start, start + take));
      this.remaining -= take;
      if (this.remaining === 0) this.done = true;
      return start + take;
    }
    return this.chunked(bytes, start, emit);
  }

  /** The connection closed: ends a read-until-close body; throws when the body was cut short. */
  end(): void {
    if (this.done) return;
    if (this.framing === "close") {
      this.done = true;
      return;
    }
    throw new WireProtocolError(
      this.framing === "length"
        ? `the connection closed ${this.remaining} bytes before the end of the body`
        : "the connection closed before the last chunk of the body",
    );
  }

  private chunked(bytes: Uint8Array, start: number, emit: (piece: Uint8Array) => void): number {
    let at = start;
    const size = bytes.byteLength;
    while (at < size && !this.done) {
      switch (this.state) {
        case Chunked.Size:
        case Chunked.Trailer: {
          const newline = bytes.indexOf(10, at);
          const stop = newline < 0 ? size : newline;
          this.line += Buffer.prototype.latin1Slice.call(bytes, at, stop);
          if (this.line.length > this.maxLineBytes)
            throw new WireProtocolError(
              `a chunk-size line or trailer longer than ${this.maxLineBytes} bytes`,
            );
          if (newline < 0) return size;
          at = newline + 1;
          if (!this.line.endsWith("\r"))
            throw new WireProtocolError(
              `a chunk line not ended by CRLF: ${JSON.stringify(this.line.slice(0, 40))}`,
            );
          const line = this.line.slice(0, -1);
          this.line = "";
          if (this.state === Chunked.Trailer) {
            this.trailerBytes += line.length + 2;
            if (this.trailerBytes > this.maxLineBytes)
              throw new WireProtocolError(`trailers longer than ${this.maxLineBytes} bytes`);
            if (line === "") this.done = true;
            continue;
          }
          const semicolon = line.indexOf(";");
          const hex = (semicolon < 0 ? line : line.slice(0, semicolon)).trim();
          if (!HEX.test(hex))
            throw new WireProtocolError(`invalid chunk size ${JSON.stringify(line.slice(0, 40))}`);
          this.remaining = Number.parseInt(hex, 16);
          this.state = this.remaining === 0 ? Chunked.Trailer : Chunked.Data;
          break;
        }
        case Chunked.Data: {
          const take = Math.min(this.remaining, size - at);
          emit(bytes.subarray(at, at + take));
          at += take;
          this.remaining -= take;
          if (this.remaining === 0) {
            this.state = Chunked.DataEnd;
            this.line = "";
          }
          break;
        }
        case Chunked.DataEnd: {
          // the CRLF after a chunk's data, possibly split across reads
          const byte = bytes[at++];
          const expected = this.line === "" ? 13 : 10;
          if (byte !== expected) throw new WireProtocolError("a chunk's data not followed by CRLF");
          if (expected === 13) this.line = "\r";
          else {
            this.line = "";
            this.state = Chunked.Size;
          }
          break;
        }
      }
    }
    return at;
  }
}
