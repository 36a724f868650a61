/** The page templates, by route; each is parsed once at start. */
import { parseTemplate, type Template } from "../template/parse.ts";
import { layout, STOREFRONT_ROUTES } from "./layout.ts";

/** Route → template: the storefront's routes, each the layout around its page fragment. */
export async function loadPages(): Promise<Record<string, Template>> {
  const pages: Record<string, Template> = {};
  for (const [route, { title, fragment, ...options }] of Object.entries(STOREFRONT_ROUTES))
    pages[route] = parseTemplate(route, layout(title, fragment, options));
  return pages;
}
