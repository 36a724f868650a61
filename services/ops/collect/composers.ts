/**
 * The composers ops has heard from: each reports itself every few seconds (`POST
 * /ingest/composer`: id, version, URL, its circuit breakers). Kept in memory; a composer that
 * stopped reporting is forgotten after `staleMs`.
 */
import { z } from "zod";

export const ComposerReport = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, { error: "expected an id of letters, digits, _ and -" }),
  version: z.string().min(1).max(64),
  url: z.url({ protocol: /^https?$/, error: "expected the composer's http(s) URL" }),
  breakers: z
    .array(
      z.object({
        instance: z.string().max(100),
        service: z.string().max(41),
        url: z.string().max(300),
        state: z.enum(["closed", "open", "halfOpen", "isolated"]),
      }),
    )
    .max(1000),
});
export type ComposerReport = z.infer<typeof ComposerReport>;

export interface ComposerBoard {
  report(report: ComposerReport, now?: number): void;
  /** The composers that reported within `staleMs`, with when they last did. */
  list(now?: number): (ComposerReport & { reportedAt: string })[];
}

export function createComposerBoard(staleMs = 30_000): ComposerBoard {
  const reports = new Map<string, { report: ComposerReport; at: number }>();
  return {
    report(report, now = Date.now()) {
      reports.set(report.id, { report, at: now });
    },
    list(now = Date.now()) {
      for (const [id, { at }] of reports) if (now - at > staleMs) reports.delete(id);
      return [...reports.values()].map(({ report, at }) => ({
        ...report,
        reportedAt: new Date(at).toISOString(),
      }));
    },
  };
}
