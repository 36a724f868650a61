import { describe, expect, test } from "bun:test";
import { html } from "@tessera/chassis/html";
import { autoRefresh, REFRESH_SECONDS } from "./components.ts";
import { renderers } from "./server.ts";

describe("autoRefresh()", () => {
  test("the region - a shadow root with a Refresh link to the page and a slot; the content in the light DOM", () => {
    const markup = autoRefresh(html`<h2>Live ${"<now>"}</h2>`, {
      href: "/ops/health",
      region: "health",
    }).toString();
    expect(markup).toMatch(
      new RegExp(`<ops-auto-refresh\\s+href="/ops/health" region="health" interval="${REFRESH_SECONDS}">`),
    );
    const inside = markup.slice(markup.indexOf("<template"), markup.indexOf("</ops-auto-refresh>"));
    const [shadow, light] = inside.split("</template>");
    expect(shadow).toContain('<a href="/ops/health">Refresh</a>');
    expect(shadow).toContain("<slot></slot>");
    expect(shadow).not.toContain("<button");
    // escaped once by the page's template, inserted as is
    expect(light).toContain("<h2>Live &lt;now&gt;</h2>");
  });
});

describe("renderers", () => {
  const health = { instances: [], breakers: [] };

  test("the health page - JSON data in, the page with its live part inside <ops-auto-refresh> out", () => {
    const markup = String(renderers["health-page"](JSON.parse(JSON.stringify(health))));
    expect(markup).toContain('data-ops-page="health"');
    const inside = markup.slice(markup.indexOf("<ops-auto-refresh"), markup.indexOf("</ops-auto-refresh>"));
    expect(inside).toContain("No instance is registered.");
    expect(inside).toContain("<h2>Deployments</h2>");
  });

  test("every page - one renderer each, the exception page from its group and fingerprint", () => {
    expect(Object.keys(renderers).sort()).toEqual([
      "audit-page",
      "exception-page",
      "exceptions-page",
      "health-page",
      "logs-page",
      "metrics-page",
      "trace-page",
      "traces-page",
    ]);
    const missing = String(renderers["exception-page"]({ fingerprint: "0123456789abcdef" }));
    expect(missing).toContain("No exception has the fingerprint <code>0123456789abcdef</code>.");
  });
});
