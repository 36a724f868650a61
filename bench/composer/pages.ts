/**
 * The pages every system composes, and the fragments they hold: one definition, from which each
 * system writes its template in its own syntax and the fragment server renders the fragments.
 *
 * (a) `three`: 3 fragments of ~1 KB. (b) `nested`: 10 fragments, 4 at the top and 6 included by
 * them. (c) `slow`: 3 fragments, the middle one answering after 2 s.
 */

/** A fragment on a page: its name (also its marker) and the fragments its HTML includes. */
export interface PageFragment {
  name: string;
  children?: string[];
}

export type PageId = "three" | "nested" | "slow";

export interface Page {
  id: PageId;
  label: string;
  /** Top-level fragments, in page order. */
  fragments: PageFragment[];
}

/** How long the slow fragment takes to answer. */
export const SLOW_MS = 2000;
/** The name of the slow fragment. */
export const SLOW = "slow";
/** Fragment timeout every system is given, above {@link SLOW_MS} so no system falls back. */
export const FRAGMENT_TIMEOUT_MS = 5000;

export const PAGES: Record<PageId, Page> = {
  three: { id: "three", label: "(a) 3 × 1 KB", fragments: [{ name: "fa" }, { name: "fb" }, { name: "fc" }] },
  nested: {
    id: "nested",
    label: "(b) 10, nested",
    fragments: [
      { name: "header", children: ["nav", "minicart"] },
      { name: "main", children: ["card1", "card2", "card3"] },
      { name: "aside", children: ["promo"] },
      { name: "footer" },
    ],
  },
  slow: {
    id: "slow",
    label: "(c) 2 s mid-page",
    fragments: [{ name: "fa" }, { name: SLOW }, { name: "fc" }],
  },
};

/** Every fragment name, once, children included. */
export function allFragments(): string[] {
  const names = new Set<string>();
  for (const page of Object.values(PAGES))
    for (const f of page.fragments) {
      names.add(f.name);
      for (const child of f.children ?? []) names.add(child);
    }
  return [...names];
}

/** The children of a fragment (the same wherever it appears). */
export function childrenOf(name: string): string[] {
  for (const page of Object.values(PAGES))
    for (const f of page.fragments) if (f.name === name) return f.children ?? [];
  return [];
}

/**
 * The page flattened: every fragment, children right after their parent, for systems without
 * a nesting syntax (their parents are requested without `nest`, so they include nothing).
 */
export function flatFragments(page: Page): string[] {
  return page.fragments.flatMap((f) => [f.name, ...(f.children ?? [])]);
}

/** The HTML around the fragments (Podium writes its own document around the body). */
export const PAGE_HEAD =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head><body>\n';
export const PAGE_TAIL = "\n</body></html>\n";

/** The markers a complete fragment leaves in the page: its opening attribute and its end. */
export function markers(name: string): [string, string] {
  return [`data-frag="${name}"`, `end:${name}<`];
}

/**
 * Throws unless `body` holds every fragment of `page`, complete: names what is missing and
 * quotes the start of the body, so a system that silently served a fallback fails loudly.
 */
export function assertComplete(system: string, page: Page, body: string): void {
  const missing = flatFragments(page).filter((name) => !markers(name).every((m) => body.includes(m)));
  if (missing.length > 0)
    throw new Error(
      `${system}, page ${page.id}: the page lacks fragment(s) ${missing.join(", ")} ` +
        `(${body.length} bytes; starts ${JSON.stringify(body.slice(0, 300))})`,
    );
}

/** Where the fragment server answers fragment batches (its manifest names it: Tessera's composer asks there). */
export const BATCH_PATH = "/frag-batch";
