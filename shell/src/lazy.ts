/**
 * When a component's module loads: when its element comes near the viewport (IntersectionObserver
 * with a margin), or as soon as the shopper reaches for it (pointerdown, focusin, keydown), not at
 * start. A click on a button of a component not yet hydrated is held, and replayed on the same
 * (server-rendered, now hydrated) node once the module is there — or, if it failed, replayed all
 * the same so the server HTML does what it does without JavaScript (a form posts). Elements added
 * later (client-only regions, streamed fragments) are picked up by a MutationObserver.
 */
import type { Loader } from "./loader";

/** How far outside the viewport an element starts loading. */
export const ROOT_MARGIN = "200px 0px";

/** Clicks on these are held until the component is hydrated, then replayed. */
const ACTIVATORS = 'button, input[type="submit"], input[type="button"], input[type="image"], [role="button"]';

/** Every element under `root` (open shadow roots included) whose tag `wanted` accepts and that is not defined. */
export function findCandidates(root: ParentNode, wanted: (tag: string) => boolean): Element[] {
  const found: Element[] = [];
  const visit = (node: ParentNode) => {
    for (const element of node.querySelectorAll("*")) {
      if (wanted(element.localName) && !customElements.get(element.localName)) found.push(element);
      if (element.shadowRoot) visit(element.shadowRoot);
    }
  };
  if (root instanceof Element && wanted(root.localName) && !customElements.get(root.localName))
    found.push(root);
  visit(root);
  return found;
}

/** The first undefined component on an event's path, and what was hit inside it. */
function componentOnPath(
  event: Event,
  wanted: (tag: string) => boolean,
): { host: Element; index: number } | undefined {
  const path = event.composedPath();
  for (let index = 0; index < path.length; index++) {
    const node = path[index];
    if (node instanceof Element && wanted(node.localName) && !customElements.get(node.localName))
      return { host: node, index };
  }
  return undefined;
}

export interface LazyHydration {
  /** Settles once every component visible at start has loaded (or failed). */
  initial: Promise<void>;
  /** Starts watching the components under `root` (a region just mounted, a streamed fragment). */
  scan(root: ParentNode): void;
}

export function startLazyHydration(
  loader: Loader,
  options: { onAdded?: (node: Element) => void; onLoaded?: (tag: string) => void } = {},
): LazyHydration {
  const wanted = (tag: string) => loader.knows(tag);
  const watched = new Map<string, Set<Element>>();
  let started = false;

  const load = (tag: string): Promise<boolean> => {
    const promise = loader.load(tag);
    void promise.then((ok) => {
      for (const element of watched.get(tag) ?? []) io.unobserve(element);
      watched.delete(tag);
      if (ok && started) options.onLoaded?.(tag);
    });
    return promise;
  };

  // the first callback reports every element observed at start: those intersecting are "visible at load"
  let initialLeft = new Set<Element>();
  const initialLoads: Promise<boolean>[] = [];
  let initialDone: () => void = () => {};
  const initial = new Promise<void>((resolve) => {
    initialDone = resolve;
  });
  const io = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const tag = entry.target.localName;
        const first = initialLeft.delete(entry.target);
        if (!entry.isIntersecting || customElements.get(tag)) continue;
        const promise = load(tag);
        if (first) initialLoads.push(promise);
      }
      if (initialLeft.size === 0 && !started) {
        started = true;
        void Promise.allSettled(initialLoads).then(() => initialDone());
      }
    },
    { rootMargin: ROOT_MARGIN },
  );

  const observe = (element: Element) => {
    const tag = element.localName;
    const set = watched.get(tag) ?? new Set<Element>();
    watched.set(tag, set);
    if (set.has(element)) return;
    set.add(element);
    io.observe(element);
  };

  // interaction: start loading at once; hold a button's click until hydrated, then replay it
  let replaying = false;
  const onReach = (event: Event) => {
    const hit = componentOnPath(event, wanted);
    if (hit) void load(hit.host.localName);
  };
  for (const type of ["pointerdown", "focusin", "keydown"]) window.addEventListener(type, onReach, true);
  window.addEventListener(
    "click",
    (event) => {
      if (replaying) return;
      const hit = componentOnPath(event, wanted);
      if (!hit) return;
      const path = event.composedPath().slice(0, hit.index);
      const target = path.find((n): n is HTMLElement => n instanceof HTMLElement && n.matches(ACTIVATORS));
      if (!target) return void load(hit.host.localName);
      event.preventDefault();
      event.stopImmediatePropagation();
      void load(hit.host.localName).then(async () => {
        await (hit.host as { updateComplete?: Promise<unknown> }).updateComplete;
        replaying = true;
        try {
          target.click();
        } finally {
          replaying = false;
        }
      });
    },
    true,
  );

  const scan = (root: ParentNode) => {
    for (const element of findCandidates(root, wanted)) observe(element);
  };

  const initialElements = findCandidates(document, wanted);
  initialLeft = new Set(initialElements);
  for (const element of initialElements) observe(element);
  if (initialElements.length === 0) {
    started = true;
    initialDone();
  }

  new MutationObserver((records) => {
    for (const record of records)
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        options.onAdded?.(node);
        scan(node);
      }
  }).observe(document.documentElement, { childList: true, subtree: true });

  return { initial, scan };
}
