/** The page templates, by route; each is parsed once at start. */
import { parseTemplate, type Template } from "../template/parse.ts";

async function load(name: string): Promise<Template> {
  const html = await Bun.file(new URL(`./${name}.html`, import.meta.url)).text();
  return parseTemplate(name, html);
}

/** Route → template. */
export async function loadPages(): Promise<Record<string, Template>> {
  return { "/": await load("home") };
}
