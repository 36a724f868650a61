/**
 * Fragment releases: immutable versions of a team's fragments (server renderer + federated
 * remote), which one each shopper gets (active, sticky canary), the release state and the
 * deployment log (file or NATS JetStream), and a service's side of rendering them.
 */
export { remoteAssetRoutes } from "./asset-routes.ts";
export { bucket, newCohort, versionFor, versionsFor } from "./cohort.ts";
export { type ReleaseEnvironment, releaseEnvironment, useReleaseEnvironment } from "./environment.ts";
export {
  createFragmentReleases,
  type FragmentReleases,
  type FragmentReleasesOptions,
  fragmentReleasesOf,
  type HtmlAnswer,
  type Renderer,
  type Renderers,
  VERSION_HEADER,
} from "./fragment-releases.ts";
export { manifestFederation, type RemoteFacts } from "./manifest-federation.ts";
export { isPublished, type PublishResult, publishRelease } from "./publish.ts";
export { fileIntegrity, remoteScripts, type ScriptAsset } from "./remote-scripts.ts";
export { createRendererPool, type RendererPool } from "./renderer-pool.ts";
export {
  activate,
  checkShare,
  liveVersions,
  promote,
  RefusedChange,
  rollback,
  setCanaryShare,
  startCanary,
} from "./state.ts";
export { openFileStore } from "./store/file.ts";
export { openReleaseStore, type ReleaseEnv, releaseEnv } from "./store/open.ts";
export * from "./types.ts";
export {
  contentHash,
  listFiles,
  RELEASE_VERSION,
  releaseDir,
  releaseVersion,
  serverBundle,
  TEAM_NAME,
} from "./version.ts";
