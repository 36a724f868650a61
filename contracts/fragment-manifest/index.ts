/**
 * The fragment manifest a team's service publishes at `GET /fragments/manifest.json`: in one
 * place, each fragment's server endpoint, fallback and custom element, the team's Module
 * Federation remote, its JS/CSS assets with integrity hashes, and the version.
 * The composer and the shell read it; the team's service writes it.
 */
import { z } from "zod";

const AppPath = z
  .string()
  .regex(/^\/[A-Za-z0-9/._-]*$/, { error: "expected an absolute path on the service" });

export const FragmentDefinition = z.object({
  endpoint: AppPath,
  params: z.array(z.string()).default([]),
  /**
   * The custom element the fragment holds (at its root, or inside a page such as a form's field),
   * hydrated by the shell when it is on the page (absent: plain server HTML).
   */
  element: z
    .string()
    .regex(/^[a-z]+-[a-z0-9-]+$/, { error: "expected a custom element name (team-prefixed)" })
    .optional(),
  /** The federated module that defines it, `<alias>/<expose>`; given with `element`. */
  module: z
    .string()
    .regex(/^[a-z0-9_-]+\/[a-z0-9_-]+$/, { error: "expected <alias>/<expose>" })
    .optional(),
  fallback: z.string().default(""),
  /**
   * false: always asked for alone, never in a batch with the team's other fragments, so its body
   * streams into the page as the team renders it (a batched part arrives whole). Default: batched
   * when the manifest names a `batch` endpoint.
   */
  batch: z.boolean().optional(),
});

export const Asset = z.object({ path: AppPath, integrity: z.string().optional() });

export const FragmentManifest = z.object({
  team: z.string().regex(/^[a-z][a-z0-9-]*$/),
  version: z.string().min(1),
  fragments: z.record(z.string(), FragmentDefinition),
  /**
   * The service's fragment batch endpoint (`GET <batch>?p=<path>&t=<traceparent>&p=…`, see
   * `@tessera/chassis/http`'s fragment batches): the composer asks for a page's fragments of this
   * team in one request there. Absent: one request per fragment.
   */
  batch: AppPath.optional(),
  /** The team's Module Federation remote; absent when its fragments are plain server HTML. */
  federation: z
    .object({
      name: z.string().regex(/^[a-z_][a-z0-9_]*$/, { error: "expected a JS identifier-like remote name" }),
      alias: z.string().regex(/^[a-z0-9_-]+$/),
      /** Path of `mf-manifest.json` on the service. */
      manifest: AppPath,
      exposes: z.record(z.string(), z.string()).default({}),
    })
    .optional(),
  assets: z.object({ js: z.array(Asset).default([]), css: z.array(Asset).default([]) }),
});
export type FragmentManifest = z.infer<typeof FragmentManifest>;
