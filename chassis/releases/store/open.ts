/**
 * Picking the release store from configuration (never auto-detected): NATS JetStream when
 * `NATS_URL` is set (the distributed mode), the file store in the releases folder otherwise.
 */
import { join } from "node:path";
import type { ReleaseStore } from "../types.ts";
import { openFileStore } from "./file.ts";

/** The environment variables the releases read, with their defaults. */
export interface ReleaseEnv {
  /** Where release artifacts (and the file store) live: `TESSERA_RELEASES_DIR`, else `<DATA_DIR>/releases`. */
  releasesDir: string;
  natsUrl?: string;
  /** `RELEASES_BUCKET` (default `tessera_releases`). */
  bucket: string;
  /** `RELEASES_STREAM` (default `TESSERA_DEPLOYMENTS`). */
  stream: string;
}

/** Reads the releases' settings from an environment. */
export function releaseEnv(env: Record<string, string | undefined>): ReleaseEnv {
  return {
    releasesDir: env.TESSERA_RELEASES_DIR || join(env.DATA_DIR || ".data", "releases"),
    natsUrl: env.NATS_URL || undefined,
    bucket: env.RELEASES_BUCKET || "tessera_releases",
    stream: env.RELEASES_STREAM || "TESSERA_DEPLOYMENTS",
  };
}

/** Opens the store the settings name. */
export async function openReleaseStore(settings: ReleaseEnv, name?: string): Promise<ReleaseStore> {
  if (settings.natsUrl) {
    // loaded when named: a process on the file store does not load the NATS client
    const { connectNatsStore } = await import("./nats.ts");
    return connectNatsStore({
      url: settings.natsUrl,
      bucket: settings.bucket,
      stream: settings.stream,
      name,
    });
  }
  return openFileStore({ dir: join(settings.releasesDir, "state") });
}
