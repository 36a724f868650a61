/**
 * Where a service finds its team's releases: the releases folder, the store to watch, and the
 * version to render when a request names none. The embedded mode sets it for the services it
 * hosts ({@link useReleaseEnvironment}); a service in its own process reads its environment
 * (`TESSERA_RELEASES_DIR` or `<DATA_DIR>/releases`, `NATS_URL`, `TESSERA_FRAGMENT_RELEASE`).
 */
import { openReleaseStore, releaseEnv } from "./store/open.ts";
import type { ReleaseStore } from "./types.ts";

export interface ReleaseEnvironment {
  releasesDir: string;
  /** Opens (once) the store whose changes stop the workers of versions no longer live. */
  store: () => Promise<ReleaseStore>;
  /** The version rendered when a request names none (`TESSERA_FRAGMENT_RELEASE`; the deploy gate sets it). */
  defaultVersion?: string;
}

let configured: ReleaseEnvironment | undefined;

/** Sets the environment for the services created after this call (the embedded mode); undefined resets it. */
export function useReleaseEnvironment(
  environment: { releasesDir: string; store: ReleaseStore } | undefined,
): void {
  configured = environment && { releasesDir: environment.releasesDir, store: async () => environment.store };
}

/** The environment a service created now uses. */
export function releaseEnvironment(
  env: Record<string, string | undefined> = process.env,
): ReleaseEnvironment {
  const defaultVersion = env.TESSERA_FRAGMENT_RELEASE || undefined;
  if (configured) return { ...configured, defaultVersion };
  const settings = releaseEnv(env);
  let opened: Promise<ReleaseStore> | undefined;
  return {
    releasesDir: settings.releasesDir,
    store: () => {
      opened ??= openReleaseStore(settings, "fragment-releases");
      return opened;
    },
    defaultVersion,
  };
}
