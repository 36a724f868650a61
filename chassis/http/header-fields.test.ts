import { describe, expect, test } from "bun:test";
import { HeaderFields } from "./header-fields.ts";
import { parseHead } from "./wire-framing.ts";

describe("HeaderFields - a response's fields read as Headers reads them", () => {
  const head = parseHead(
    'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nSet-Cookie: a=1\r\nVary: accept\r\nset-cookie: b=2\r\nVARY: accept-language\r\nETag: "etag"\r\nContent-Length: 0',
    "GET",
  );

  test("names in any case; repeated fields joined with a comma, as Headers.get joins them", () => {
    expect(head.headers.get("content-type")).toBe("text/html");
    expect(head.headers.get("ETAG")).toBe('"etag"');
    expect(head.headers.get("vary")).toBe("accept, accept-language");
    expect(head.headers.get("location")).toBeNull();
    expect(head.headers.has("Vary")).toBe(true);
    // a value equal to a name is not a name
    expect(HeaderFields.fromPairs([["x-a", "etag"]]).has("etag")).toBe(false);
  });

  test("set-cookie values each on their own, and the same answers as the Headers it makes", () => {
    expect(head.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    const headers = head.headers.toHeaders();
    for (const name of ["content-type", "vary", "etag", "content-length", "location"])
      expect(head.headers.get(name)).toBe(headers.get(name));
    expect(headers.getSetCookie()).toEqual(["a=1", "b=2"]);
  });

  test("iterates the fields in the order received, names lower-case", () => {
    expect([...head.headers].map(([name]) => name)).toEqual([
      "content-type",
      "set-cookie",
      "vary",
      "set-cookie",
      "vary",
      "etag",
      "content-length",
    ]);
  });

  test("of(Headers) carries a fetch answer's fields", () => {
    const fields = HeaderFields.of(
      new Headers({ "Content-Type": "text/html", "Cache-Control": "max-age=5" }),
    );
    expect(fields.get("cache-control")).toBe("max-age=5");
    expect(fields.get("content-type")).toBe("text/html");
  });
});
