/**
 * Events the shell dispatches on `window`, and the one it listens for (a component asking for a
 * client-only region).
 */

/** A fragment's module failed to load; the rest of the page carries on. */
export const FRAGMENT_LOAD_FAILED = "tessera:fragment-load-failed";
/**
 * Every component visible when the page loaded is hydrated (or failed to load);
 * `<html data-tessera-hydrated="true">` is set. Components below the fold load later, when they
 * come near the viewport or are interacted with.
 */
export const HYDRATED = "tessera:hydrated";
/** A component was loaded after the first `tessera:hydrated` (scrolled into view, clicked, added). */
export const COMPONENT_LOADED = "tessera:component-loaded";

/** `detail` of `tessera:fragment-load-failed`. */
export interface FragmentLoadFailedDetail {
  /** Module id, `alias/expose`. */
  module: string;
  /** The error message. */
  error: string;
}

/** `detail` of `tessera:hydrated`. */
export interface HydratedDetail {
  /** Modules loaded. */
  loaded: string[];
  /** Modules that failed. */
  failed: FragmentLoadFailedDetail[];
}

/** `detail` of `tessera:component-loaded`. */
export interface ComponentLoadedDetail {
  module: string;
  tag: string;
}

declare global {
  interface WindowEventMap {
    [FRAGMENT_LOAD_FAILED]: CustomEvent<FragmentLoadFailedDetail>;
    [HYDRATED]: CustomEvent<HydratedDetail>;
    [COMPONENT_LOADED]: CustomEvent<ComponentLoadedDetail>;
  }
}

type ShellEvent = typeof FRAGMENT_LOAD_FAILED | typeof HYDRATED | typeof COMPONENT_LOADED;

/** Dispatches one of the shell's events on `window`. */
export function emit<K extends ShellEvent>(type: K, detail: WindowEventMap[K]["detail"]): void {
  window.dispatchEvent(new CustomEvent(type, { detail }));
}
