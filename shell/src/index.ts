/**
 * The shell: the page's browser host. Loads the fragments the page lists and hydrates them, then
 * sets `<html data-tessera-hydrated="true">` and dispatches `tessera:hydrated`.
 */
// MUST stay the first import, before lit is evaluated anywhere on the page: loaded later, elements
// render a second time into their server-rendered shadow roots instead of hydrating them.
import "@lit-labs/ssr-client/lit-element-hydrate-support.js";
import { emit, HYDRATED, type HydratedDetail } from "./events";
import { createFederation } from "./federation";
import { hydrateFragments } from "./hydrate";
import { readFederationData } from "./page-data";

async function start(): Promise<void> {
  let detail: HydratedDetail = { loaded: [], failed: [] };
  try {
    detail = await hydrateFragments(createFederation(), readFederationData());
  } catch (error) {
    console.error("[tessera] hydration failed", error);
  }
  document.documentElement.dataset.tesseraHydrated = "true";
  emit(HYDRATED, detail);
}

void start();
