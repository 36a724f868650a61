import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
import { memoryDestination } from "@tessera/chassis/log";
import { createMemoryRegistry } from "@tessera/chassis/registry";
import { createComposer } from "../app.ts";
import { type FakeInstance, fakeInstance, manifestOf } from "../testing/fake-service.ts";

const exporter = new InMemorySpanExporter();
const logs = memoryDestination();
let team: FakeInstance;
let composer: Awaited<ReturnType<typeof createComposer>>;

beforeAll(async () => {
  const registry = createMemoryRegistry();
  team = await fakeInstance(registry, "team", async (request) => {
    const url = new URL(request.url);
    if (url.pathname === "/fragments/manifest.json")
      return Response.json(
        manifestOf("team", { ok: "/fragments/ok", broken: "/fragments/broken", slow: "/fragments/slow" }),
      );
    if (url.pathname === "/fragments/slow") await Bun.sleep(400);
    if (url.pathname === "/fragments/broken") return new Response("no", { status: 500 });
    return new Response("<p>ok</p>", { headers: { "content-type": "text/html" } });
  });
  composer = await createComposer({
    registry,
    templates: {
      "/": `<body><tessera-fragment service="team" name="ok"></tessera-fragment><tessera-fragment service="team" name="broken"><i>fb</i></tessera-fragment></body>`,
      "/slow-by-template": `<meta name="tessera-fragment-timeout" content="100"><body><tessera-fragment service="team" name="slow"><i>late</i></tessera-fragment></body>`,
      "/slow-by-tag": `<meta name="tessera-fragment-timeout" content="100"><body><tessera-fragment service="team" name="slow" timeout="2000"></tessera-fragment></body>`,
    },
    env: { LOG_LEVEL: "info", RETRY_BUDGET_RATIO: "0" },
    logDestination: logs,
    spanExporters: [exporter],
    shellDist: "/nonexistent",
  });
});
afterAll(async () => {
  await composer.close();
  await team.stop();
});

describe("fragment outcomes — traced, logged and counted", () => {
  test("a page - has one span per fragment in its trace, each with its outcome", async () => {
    exporter.reset();
    const response = await composer.app.request("/");
    const html = await response.text();
    expect(html).toContain('<div data-boundary="team/broken" data-fallback="true"><i>fb</i></div>');
    const traceId = response.headers.get("traceresponse")?.split("-")[1];
    await Bun.sleep(10);
    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    const fragments = Object.fromEntries(
      spans
        .filter((s) => s.name.startsWith("fragment "))
        .map((s) => [s.name, s.attributes["tessera.fragment.outcome"]]),
    );
    expect(fragments).toEqual({ "fragment team/ok": "ok", "fragment team/broken": "fallback" });
    expect(
      logs.lines.some(
        (l) => l.msg === "fragment failed" && l.fragment === "broken" && l.reason === "answered 500",
      ),
    ).toBe(true);
    const metrics = await (await composer.app.request("/metrics")).text();
    expect(metrics).toContain(
      'composer_fragment_requests_total{team="team",fragment="broken",outcome="500",service="composer"}',
    );
    expect(metrics).toContain(
      'composer_fragment_requests_total{team="team",fragment="ok",outcome="ok",service="composer"}',
    );
  });

  test("a template-level timeout - applies to its fragments; a tag's own timeout wins over it", async () => {
    expect(await (await composer.app.request("/slow-by-template")).text()).toContain("<i>late</i>");
    expect(await (await composer.app.request("/slow-by-tag")).text()).toContain("<p>ok</p>");
  });
});
