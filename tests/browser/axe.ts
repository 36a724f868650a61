/**
 * axe-core in a Playwright page, for the accessibility checks.
 *
 * The storefront's pages send `Content-Security-Policy: script-src 'nonce-…' 'self'`, so
 * `page.addScriptTag({ content })` (an inline `<script>` without the nonce) is refused by the page.
 * Rather than weaken the policy for the test (`bypassCSP: true` would also hide a CSP regression
 * in the page's own scripts), axe's source is evaluated with `page.evaluate`, which runs through
 * the DevTools protocol and is not subject to the page's CSP. It works with JavaScript disabled
 * too: Playwright's evaluation is not a page script.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";

const AXE_SOURCE = readFileSync(
  join(import.meta.dir, "..", "..", "node_modules", "axe-core", "axe.min.js"),
  "utf8",
);

/** The WCAG 2.0 and 2.1 level A and AA rules. */
export const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Runs axe on the whole page (open shadow roots included) with the given rule tags. */
export async function runAxe(page: Page, tags: string[] = WCAG_21_AA): Promise<Violation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (values) => {
    const axe = (
      window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Violation[] }> } }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values }, resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  }, tags);
}

/** One line per violation and one indented line per offending node: id, impact, help, target. */
export function formatViolations(violations: Violation[]): string {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}\n${v.nodes
          .map(
            (n) =>
              `    ${JSON.stringify(n.target)}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, "\n      ")}` : ""}`,
          )
          .join("\n")}`,
    )
    .join("\n");
}
