/**
 * Server-side rendering of the inventory fragments with Lit SSR (Declarative Shadow DOM).
 * Runs under Bun as is: Bun resolves lit's `node` export condition, which brings its own DOM shim.
 */
import { Readable } from "node:stream";
import { type RenderResult, render } from "@lit-labs/ssr";
import { collectResult } from "@lit-labs/ssr/lib/render-result.js";
import { RenderResultReadable } from "@lit-labs/ssr/lib/render-result-readable.js";
import { html } from "lit";
import type { StockStatus, StoreStock } from "./index";
import "./index"; // defines <inventory-stock> in the server's custom element registry

export type { RenderResult, StockStatus, StoreStock };

/** A sku's availability: the total over every store, and each store's share. */
export interface StockData {
  sku: string;
  available: number;
  status: StockStatus;
  stores: StoreStock[];
}

/** Renders `<inventory-stock>` (root of the `inventory/stock` fragment) with its shadow root. */
export function renderStock(stock: StockData): RenderResult {
  return render(html`<inventory-stock
    data-boundary="inventory/stock"
    sku=${stock.sku}
    available=${stock.available}
    status=${stock.status}
    stores=${JSON.stringify(stock.stores)}
  ></inventory-stock>`);
}

/** Collects a render result into one string. */
export function renderToString(result: RenderResult): Promise<string> {
  return collectResult(result);
}

/** Streams a render result as UTF-8 chunks, in order, as lit yields it. */
export function renderToStream(result: RenderResult): ReadableStream<Uint8Array> {
  return Readable.toWeb(new RenderResultReadable(result)) as unknown as ReadableStream<Uint8Array>;
}

/**
 * Every fragment this package renders, one uniform shape (JSON data in, render result out): what
 * the inventory service calls for its built-in version, and what a deployed release's worker calls
 * (see @tessera/chassis/releases).
 */
export const renderers = {
  stock: (data: StockData) => renderStock(data),
};
