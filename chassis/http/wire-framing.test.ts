import { describe, expect, test } from "bun:test";
import { parseHead, WireProtocolError } from "./wire-framing.ts";

describe("parseHead() status line", () => {
  test.each([
    ["HTTP/1.1 200 OK", 200, true],
    ["HTTP/1.1 200 ", 200, true],
    ["HTTP/1.1 204", 204, true],
    ["HTTP/1.0 404 Not Found", 404, false],
    ["HTTP/1.1 599 Whatever it says", 599, true],
  ])("%s - its status, and whether the connection is kept", (line, status, keepAlive) => {
    const head = parseHead(`${line}\r\ncontent-length: 0`, "GET");
    expect(head.status).toBe(status);
    // only HTTP/1.1 keeps a connection without being asked to
    expect(head.keepAlive).toBe(keepAlive);
  });

  test.each([
    "HTTP/1.2 200 OK",
    "HTTP/2 200",
    "http/1.1 200 OK",
    "HTTP/1.1 099 Low",
    "HTTP/1.1 20",
    "HTTP/1.1 2000",
    "HTTP/1.1  200",
    "HTTP/1.1 200OK",
    "HTTP/1.1 2x0 OK",
    "HTTP/1.1 200 OK\nX",
  ])("%j - refused, quoting the line", (line) => {
    expect(() => parseHead(line, "GET")).toThrow(WireProtocolError);
    expect(() => parseHead(line, "GET")).toThrow("malformed status line");
  });
});
