import { describe, expect, test } from "bun:test";
import { requestHead, splitUrl } from "./wire-request.ts";

describe("splitUrl()", () => {
  test("URLs with a path, a query without a path, a fragment, nothing - the authority and the target", () => {
    expect(splitUrl("http://127.0.0.1:4001/fragments/a?x=1#top")).toEqual({
      key: "127.0.0.1:4001",
      path: "/fragments/a?x=1",
    });
    expect(splitUrl("http://catalog.test?x=1")).toEqual({ key: "catalog.test", path: "/?x=1" });
    expect(splitUrl("http://[::1]:80#f")).toEqual({ key: "[::1]:80", path: "/" });
  });

  test("an https: or hostless URL - refused, quoting it", () => {
    expect(() => splitUrl("https://a.test/")).toThrow('only http: URLs are supported, not "https://a.test/"');
    expect(() => splitUrl("http:///x")).toThrow("no host");
  });
});

describe("requestHead()", () => {
  test("framing headers given by the caller - dropped, the client's own content-length sent", () => {
    const head = requestHead(
      "POST",
      "/o",
      "h:1",
      { "Content-Length": "99", "transfer-encoding": "chunked", connection: "close", host: "other" },
      undefined,
      3,
    );
    expect(head).toBe("POST /o HTTP/1.1\r\nhost: other\r\ncontent-length: 3\r\n\r\n");
  });
});
