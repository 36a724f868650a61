/**
 * Client-only regions: parts of the page that exist only in the browser (the mini-cart popover, a
 * product's quick view). A component asks with `tessera:region-requested` (contracts/dom-events);
 * the shell loads the federated module only then, mounts one instance per element and key in its
 * own container at the end of `<body>`, and hands it back through `detail.result`. A request for
 * `mount: false` only defines the element (a component that renders another team's element).
 */
import { REGION_REQUESTED, type RegionRequestedDetail } from "@tessera/contracts/dom-events";
import type { Loader } from "./loader";
import type { ReportKind } from "./report";

const CONTAINER_ID = "tessera-regions";

/** The container regions are mounted in (created on first use). */
function container(): HTMLElement {
  let element = document.getElementById(CONTAINER_ID);
  if (!element) {
    element = document.createElement("div");
    element.id = CONTAINER_ID;
    document.body.append(element);
  }
  return element;
}

/** Mounts (or finds) the region's element and sets its attributes. */
export function mountRegion(detail: RegionRequestedDetail): HTMLElement {
  const key = detail.key ?? "";
  const parent = container();
  let element = [...parent.children].find(
    (child): child is HTMLElement =>
      child instanceof HTMLElement &&
      child.localName === detail.element &&
      (child.dataset.tesseraRegion ?? "") === key,
  );
  if (!element) {
    element = document.createElement(detail.element);
    element.dataset.tesseraRegion = key;
    parent.append(element);
  }
  for (const [name, value] of Object.entries(detail.attributes ?? {})) element.setAttribute(name, value);
  return element;
}

/** Answers region requests; a module that fails is reported, and the request's `result` rejects. */
export function handleRegionRequests(
  loader: Loader,
  report: (kind: ReportKind, error: unknown, module: string) => void,
): void {
  window.addEventListener(REGION_REQUESTED, (event) => {
    const { detail } = event as CustomEvent<RegionRequestedDetail>;
    if (!detail || typeof detail.module !== "string" || typeof detail.element !== "string") return;
    detail.result = loader.define(detail.module, detail.element).then(
      () => (detail.mount ? mountRegion(detail) : null),
      (error: unknown) => {
        report("region", error, detail.module);
        throw error;
      },
    );
    // a caller that does not wait must not see an unhandled rejection
    detail.result.catch(() => {});
  });
}
