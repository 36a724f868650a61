/**
 * Reading registry entries safely: each is validated against {@link ServiceInstance}, and only
 * instances on an allowed host are accepted — a bad registration can never point a reader at
 * another host.
 */
import { ServiceInstance } from "./types.ts";

/** An entry a reader refused, with the reason. */
export interface RejectedEntry {
  entry: unknown;
  reason: string;
}

/** Parses a comma-separated host list (`catalog,explore,127.0.0.1`) into a set, lower-cased. */
export function parseAllowedHosts(list: string): Set<string> {
  return new Set(
    list
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
}

/**
 * Splits raw entries into valid instances on allowed hosts and rejected ones.
 *
 * @example
 * const { accepted, rejected } = acceptInstances(await registry.entries(), parseAllowedHosts("127.0.0.1"));
 */
export function acceptInstances(
  entries: unknown[],
  allowedHosts: Set<string>,
): { accepted: ServiceInstance[]; rejected: RejectedEntry[] } {
  const accepted: ServiceInstance[] = [];
  const rejected: RejectedEntry[] = [];
  for (const entry of entries) {
    const parsed = ServiceInstance.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      rejected.push({
        entry,
        reason: `invalid entry: ${issue?.path.join(".") || "(entry)"}: ${issue?.message}`,
      });
      continue;
    }
    const host = new URL(parsed.data.url).hostname.toLowerCase();
    if (!allowedHosts.has(host)) {
      rejected.push({ entry, reason: `host "${host}" is not on the registry allowlist` });
      continue;
    }
    accepted.push(parsed.data);
  }
  return { accepted, rejected };
}
