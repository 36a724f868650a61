import { describe, expect, test } from "bun:test";
import { buildReport, createReporter, messageOf, releasesOf } from "./report";

const PAGE = {
  traceId: "0af7651916cd43dd8448eb211c80319c",
  url: "/product/TR-1?sku=X",
  releases: { shell: "0.1.0" },
};

describe("buildReport()", () => {
  test("a remote that failed - kind, module, message, trace id, page and releases", () => {
    const error = new Error("ScriptNetworkError: Failed to load script");
    const report = buildReport({ kind: "remote-load", error, module: "checkout/add-to-cart" }, PAGE);
    expect(report).toMatchObject({
      kind: "remote-load",
      message: "ScriptNetworkError: Failed to load script",
      traceId: PAGE.traceId,
      page: "/product/TR-1?sku=X",
      module: "checkout/add-to-cart",
      releases: { shell: "0.1.0" },
    });
    expect(report.stack).toContain("ScriptNetworkError");
  });

  test("a long message and a thrown non-Error - cut to what the composer accepts, stringified", () => {
    expect(buildReport({ kind: "error", error: "x".repeat(5000) }, PAGE).message).toHaveLength(2000);
    expect(buildReport({ kind: "unhandledrejection", error: { code: 42 } }, PAGE).message).toBe(
      '{"code":42}',
    );
    expect(buildReport({ kind: "error", error: undefined }, PAGE).message).toBe("unknown error");
  });
});

describe("createReporter()", () => {
  test("the same failure twice, and more than the limit - each sent once, at most `limit`", () => {
    const sent: string[] = [];
    const reportOnce = createReporter((body) => sent.push(body), 2);
    const a = buildReport({ kind: "remote-load", error: "a", module: "x/y" }, PAGE);
    expect(reportOnce(a)).toBe(true);
    expect(reportOnce(a)).toBe(false);
    expect(reportOnce(buildReport({ kind: "error", error: "b" }, PAGE))).toBe(true);
    expect(reportOnce(buildReport({ kind: "error", error: "c" }, PAGE))).toBe(false);
    expect(sent.map((b) => JSON.parse(b).message)).toEqual(["a", "b"]);
  });
});

describe("releasesOf() / messageOf()", () => {
  test("the shell's version and each remote's manifest URL", () => {
    expect(
      releasesOf("0.1.0", {
        remotes: [{ name: "tessera_catalog", alias: "catalog", entry: "/_assets/catalog/mf-manifest.json" }],
        components: {},
      }),
    ).toEqual({ shell: "0.1.0", tessera_catalog: "/_assets/catalog/mf-manifest.json" });
  });

  test("an Error without a message - its name", () => {
    expect(messageOf(new TypeError())).toBe("TypeError");
  });
});
