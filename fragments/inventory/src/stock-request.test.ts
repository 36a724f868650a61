import { describe, expect, test } from "bun:test";
import { fetchStock, type StockView } from "./stock-request";

const view: StockView = {
  sku: "CL-01-GR",
  available: 4,
  status: "low",
  stores: [{ storeId: "store-hamburg", available: 4, status: "low" }],
};

/** A fetch that records what it was asked and answers `response` (or throws it). */
function fakeFetch(answer: () => Response) {
  const asked: { url: string; init?: RequestInit }[] = [];
  const fetcher = (async (url: string, init?: RequestInit) => {
    asked.push({ url, init });
    return answer();
  }) as unknown as typeof fetch;
  return { fetcher, asked };
}

describe("fetchStock", () => {
  test("a sku the shop knows - asks the gateway's stock API for JSON and gives the view", async () => {
    const { fetcher, asked } = fakeFetch(() => Response.json(view));
    expect(await fetchStock("CL-01-GR", fetcher)).toEqual(view);
    expect(asked[0]?.url).toBe("/api/inventory/stock/CL-01-GR");
    expect(new Headers(asked[0]?.init?.headers).get("accept")).toBe("application/json");
  });

  test("a 404 problem, a 503 or no network - undefined, never a throw", async () => {
    const problem = () =>
      new Response(JSON.stringify({ title: "Not Found" }), {
        status: 404,
        headers: { "content-type": "application/problem+json" },
      });
    expect(await fetchStock("ZZ-99", fakeFetch(problem).fetcher)).toBeUndefined();
    expect(
      await fetchStock("ZZ-99", fakeFetch(() => new Response("down", { status: 503 })).fetcher),
    ).toBeUndefined();
    const offline = (async () => {
      throw new TypeError("Failed to fetch");
    }) as unknown as typeof fetch;
    expect(await fetchStock("CL-01-GR", offline)).toBeUndefined();
  });

  test("an answer of another shape or for another sku - undefined (the badge keeps what it shows)", async () => {
    const shapes = [
      { ...view, sku: "OTHER-1" },
      { ...view, available: -1 },
      { ...view, status: "plenty" },
      { ...view, stores: [{ storeId: "store-hamburg", available: "4", status: "low" }] },
      "In stock",
    ];
    for (const body of shapes)
      expect(await fetchStock("CL-01-GR", fakeFetch(() => Response.json(body)).fetcher)).toBeUndefined();
  });
});
