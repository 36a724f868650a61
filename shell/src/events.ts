/**
 * Events the shell dispatches on `window`.
 */

/** A fragment's module failed to load; the rest of the page carries on. */
export const FRAGMENT_LOAD_FAILED = "tessera:fragment-load-failed";
/** Every fragment on the page was loaded (or failed); `<html data-tessera-hydrated="true">` is set. */
export const HYDRATED = "tessera:hydrated";

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

declare global {
  interface WindowEventMap {
    [FRAGMENT_LOAD_FAILED]: CustomEvent<FragmentLoadFailedDetail>;
    [HYDRATED]: CustomEvent<HydratedDetail>;
  }
}

/** Dispatches one of the shell's events on `window`. */
export function emit<K extends typeof FRAGMENT_LOAD_FAILED | typeof HYDRATED>(
  type: K,
  detail: WindowEventMap[K]["detail"],
): void {
  window.dispatchEvent(new CustomEvent(type, { detail }));
}
