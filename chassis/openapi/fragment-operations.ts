/**
 * The operations every team's fragment server has besides its fragments: the fragment manifest,
 * the fragment batch, the fragments' stylesheet and the federated remote's files. One description
 * for every service.
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
    {
      method: "get",
      path: "/fragments/batch",
      summary:
        "Several fragments in one request (the composer asks for a page's fragments of this team here)",
      description:
        "Each part is served with this request's headers as if it came alone. The answer frames each part, as soon as it is ready, as its index on a line and its answer as an HTTP/1.1 message with a content-length (see @tessera/chassis/http's fragment batches).",
      query: z.object({
        p: z.array(z.string()).describe("A fragment's path with its query, once per part, in order"),
        t: z
          .array(z.string())
          .optional()
          .describe("The traceparent of the caller's span for each part (empty: the batch's own)"),
      }),
      responses: {
        200: media("application/vnd.tessera.fragment-batch", "The parts, framed"),
        422: problem("A malformed batch (no parts, too many, a path that is not a fragment's)"),
      },
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
