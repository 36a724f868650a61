/**
 * The composer's view of the release state: read once at start, then kept current from the
 * store's change notifications (and re-read every few seconds, in case a notification is lost).
 * A page takes one snapshot of it, so every fragment of a page comes from the same versions.
 */
import { EMPTY_STATE, type ReleaseState, type ReleaseStore, versionsFor } from "@tessera/chassis/releases";
import type { Logger } from "pino";

export interface ReleaseView {
  /** The state as last seen. */
  state(): ReleaseState;
  /** The version of each team with releases, for one shopper's cohort. */
  versions(cohort: string): Record<string, string>;
  /** True when a team runs a canary (the cohort cookie matters). */
  hasCanary(): boolean;
  store: ReleaseStore;
  stop(): void;
}

export async function createReleaseView(options: {
  store: ReleaseStore;
  log: Logger;
  refreshMs?: number;
}): Promise<ReleaseView> {
  let state = await options.store.read();
  const take = (next: ReleaseState) => {
    if (next.revision <= state.revision) return;
    state = next;
    options.log.info({ revision: next.revision, teams: next.teams }, "release state changed");
  };
  const unwatch = options.store.watch(take);
  const timer = setInterval(() => {
    options.store
      .read()
      .then(take, (error: Error) =>
        options.log.warn({ err: error }, "cannot read the release state; keeping the last one"),
      );
  }, options.refreshMs ?? 5000);
  timer.unref?.();
  return {
    state: () => state,
    versions: (cohort) => versionsFor(state, cohort),
    hasCanary: () => Object.values(state.teams).some((t) => t.canary),
    store: options.store,
    stop() {
      unwatch();
      clearInterval(timer);
    },
  };
}

/** The view of a composer without releases configured (tests, benchmarks). */
export const NO_RELEASES: Pick<ReleaseView, "state" | "versions" | "hasCanary"> = {
  state: () => EMPTY_STATE,
  versions: () => ({}),
  hasCanary: () => false,
};
