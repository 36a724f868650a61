/**
 * The shell: the page's browser host. Registers the remotes the page lists, hydrates each
 * server-rendered component when it is needed (visible or reached for), mounts client-only
 * regions on request, and reports failures to the composer. Sets `<html data-tessera-hydrated>`
 * and dispatches `tessera:hydrated` once the components visible at load are hydrated.
 */
// MUST stay the first import, before lit is evaluated anywhere on the page: loaded later, elements
// render a second time into their server-rendered shadow roots instead of hydrating them.
import "@lit-labs/ssr-client/lit-element-hydrate-support.js";
// Before any remote is registered: the remotes read the MF runtime from these globals.
import "./runtime-globals";
import { reportPageErrors } from "./errors";
import { COMPONENT_LOADED, emit, HYDRATED } from "./events";
import { createFederation } from "./federation";
import { startLazyHydration } from "./lazy";
import { createLoader } from "./loader";
import {
  describeScript,
  type FederationData,
  mergeFederationData,
  newFederationScripts,
  parseFederationData,
} from "./page-data";
import { handleRegionRequests } from "./regions";
import { buildReport, createReporter, pageTraceId, type ReportKind, releasesOf, sendReport } from "./report";

const data: FederationData = { remotes: [], components: {} };
const seenScripts = new Set<Element>();
const send = createReporter(sendReport);
const traceId = pageTraceId();

function report(kind: ReportKind, error: unknown, extra: { module?: string; source?: string } = {}): void {
  if (!traceId) return;
  const page = {
    traceId,
    url: location.pathname + location.search,
    releases: releasesOf(__TESSERA_SHELL_VERSION__, data),
  };
  send(buildReport({ kind, error, ...extra }, page));
}

const head = document.getElementById("tessera-federation") as HTMLScriptElement | null;
const federation = createFederation(() => data.remotes, head?.nonce ?? "");

/** Reads federation scripts not read yet and registers their new remotes. */
function readScripts(): void {
  for (const script of newFederationScripts(document, seenScripts)) {
    try {
      const added = mergeFederationData(
        data,
        parseFederationData(script.textContent || "{}", describeScript(script)),
      );
      if (added.length > 0) federation.registerRemotes(added);
    } catch (error) {
      console.error("[tessera] bad federation data", error);
      report("remote-load", error);
    }
  }
}

function start(): void {
  reportPageErrors((kind, error, source) => report(kind, error, { source }));
  readScripts();
  const loader = createLoader({
    federation,
    data,
    report: (kind, error, module) => report(kind, error, { module }),
  });
  handleRegionRequests(loader, (kind, error, module) => report(kind, error, { module }));
  const lazy = startLazyHydration(loader, {
    onAdded: (node) => {
      if (node.matches("script[data-tessera-federation]")) readScripts();
    },
    onLoaded: (tag) => emit(COMPONENT_LOADED, { tag, module: data.components[tag] ?? "" }),
  });
  void lazy.initial.then(() => {
    document.documentElement.dataset.tesseraHydrated = "true";
    emit(HYDRATED, { loaded: [...loader.loaded], failed: [...loader.failed] });
  });
}

start();
