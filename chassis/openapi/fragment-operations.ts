/**
 * The operations every team's fragment server has besides its fragments: the fragment manifest,
 * the fragments' stylesheet and the federated remote's files. One description for every service.
 */
import { z } from "zod";
import { json, media, type Operation, problem } from "./document.ts";
import type { JsonSchema } from "./schema.ts";

export interface FragmentServerOptions {
  /** The manifest's schema (contracts/fragment-manifest: chassis imports no contract). */
  manifest: z.ZodType | JsonSchema;
  /** The content-hashed stylesheet's file name under /assets, when the team serves one. */
  stylesheet?: { file: string; summary?: string };
  /** True when the team serves a Module Federation remote under /assets. */
  remote?: boolean;
}

/** `GET /fragments/manifest.json`, and `GET /assets/…` for what the team serves there. */
export function fragmentServerOperations(options: FragmentServerOptions): Operation[] {
  const operations: Operation[] = [
    {
      method: "get",
      path: "/fragments/manifest.json",
      summary: "The fragment manifest",
      responses: { 200: json(options.manifest, "The manifest") },
    },
  ];
  if (options.stylesheet) {
    operations.push({
      method: "get",
      path: `/assets/${options.stylesheet.file}`,
      summary: options.stylesheet.summary ?? "The fragments' stylesheet (content-hashed, immutable)",
      responses: { 200: media("text/css", "The stylesheet") },
    });
  }
  if (options.remote) {
    operations.push({
      method: "get",
      path: "/assets/{path}",
      summary: "The federated remote's files (remoteEntry.js, chunks, mf-manifest.json)",
      params: z.object({ path: z.string().describe("A file of the built remote; may contain /") }),
      responses: { 200: media("application/octet-stream", "The file"), 404: problem("No such file") },
    });
  }
  return operations;
}
