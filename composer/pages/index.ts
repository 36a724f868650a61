/** The page templates, by route; each is parsed once at start. */
import { parseTemplate, type Template } from "../template/parse.ts";
import { layout, STOREFRONT_ROUTES } from "./layout.ts";

async function load(name: string): Promise<Template> {
  const html = await Bun.file(new URL(`./${name}.html`, import.meta.url)).text();
  return parseTemplate(name, html);
}

/** Route → template: the home page (catalog's product cards until explore's home-page exists) and the storefront's routes. */
export async function loadPages(): Promise<Record<string, Template>> {
  const pages: Record<string, Template> = { "/": await load("home") };
  for (const [route, { title, fragment }] of Object.entries(STOREFRONT_ROUTES))
    pages[route] = parseTemplate(route, layout(title, fragment));
  return pages;
}
