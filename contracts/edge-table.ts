/**
 * The edge table CI prints after the contract stage: every edge of the inventory with its
 * consumer, provider, type and result — its pact's verification at this build's provider version
 * (`PROVIDER_VERSION`, else the git sha; the newest of any version when there is none), the
 * DOM-event tests' outcome, or why it carries no pact.
 *
 * @example
 * bun contracts/edge-table.ts
 */
import { formatTable, repositoryInput } from "./can-i-deploy.ts";
import { providerVersion } from "./support/pact.ts";

/** `domOk`: whether the stage that ran the DOM-event (and other `*.contract.test.ts`) tests passed. */
export function edgeTable(domOk = true): { text: string; failures: number } {
  const { edges, matrix } = repositoryInput();
  let failures = 0;
  const rows = edges.map((edge) => {
    let result: string;
    if (edge.type === "dom" || edge.contract?.endsWith(".test.ts"))
      result = edge.contract ? (domOk ? "passed (unit)" : `see ${edge.contract}`) : "MISSING";
    else if (!edge.contract) result = edge.note ? "no pact (proxy)" : "MISSING";
    else {
      // This build's verification (PROVIDER_VERSION or the git sha), else the newest of any version.
      const rows = matrix.rows
        .filter((r) => r.pact === edge.contract)
        .sort((a, b) => b.verifiedAt.localeCompare(a.verifiedAt));
      const latest = rows.find((r) => r.providerVersion === providerVersion()) ?? rows[0];
      result = latest ? latest.result : "unverified";
    }
    if (result === "MISSING" || result === "failed" || result === "unverified") failures++;
    return [
      `${edge.consumer} → ${edge.provider}: ${edge.what}`,
      edge.consumer,
      edge.provider,
      edge.type,
      result,
    ];
  });
  const text = formatTable(["edge", "consumer", "provider", "type", "result"], rows);
  return { text: `${text}\n\n${edges.length} edges, ${failures} not verified`, failures };
}

if (import.meta.main) {
  const { text, failures } = edgeTable();
  console.log(text);
  process.exit(failures > 0 ? 1 : 0);
}
