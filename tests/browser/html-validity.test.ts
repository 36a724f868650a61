/**
 * Valid HTML: every main page's composed output (the HTML the composer streams, before any
 * JavaScript runs) checked with html-validate.
 *
 * The configuration is `html-validate:recommended` plus `html-validate:document` (a whole
 * document: doctype, title, heading levels, labels, references, SRI), with these changes:
 *
 * - `doctype-style` off: `<!doctype html>` in lower case is what the HTML standard's own examples
 *   write; the case is style, not validity.
 * - `void-style` off: Lit templates write void elements self-closed (`<input />`), which the HTML
 *   parser reads exactly like `<input>`; a matter of style, and Lit's to choose.
 * - `no-redundant-for` off: a `<label>` that wraps its control and also names it with `for` is
 *   valid and announced once; checkout writes its fields that way and its service tests rely on
 *   the markup.
 * - `require-sri` only for cross-origin resources (`target: "crossorigin"`): the fragments'
 *   stylesheets are same-origin, content-hashed files behind the composer, where integrity
 *   metadata protects nothing a same-origin attacker could not change too; the shell's script,
 *   the one that matters, carries `integrity` anyway.
 *
 * Not needed: nothing in the recommended rules trips over Declarative Shadow DOM
 * (`<template shadowrootmode="open">`, whose content is validated like any template's) or over
 * Lit SSR's `<!--lit-part-->` comment markers.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { type ConfigData, HtmlValidate, type Message } from "html-validate";
import { request } from "playwright-core";
import type { Embedded } from "../../scripts/embedded.ts";
import { MAIN_PAGES } from "./pages.ts";
import { startStorefront } from "./support.ts";

export const HTML_VALIDATE_CONFIG: ConfigData = {
  extends: ["html-validate:recommended", "html-validate:document"],
  rules: {
    "doctype-style": "off",
    "void-style": "off",
    "no-redundant-for": "off",
    "require-sri": ["error", { target: "crossorigin" }],
  },
};

setDefaultTimeout(30_000);
let storefront: Embedded;
let stop: (() => Promise<void>) | undefined;
const validator = new HtmlValidate(HTML_VALIDATE_CONFIG);

beforeAll(async () => {
  ({ storefront, stop } = await startStorefront({ name: "html" }));
}, 90_000);

afterAll(() => stop?.());

/** `line:column rule message (selector)` and the source line, one entry per message. */
function describeMessages(messages: Message[], html: string): string {
  const lines = html.split("\n");
  return messages
    .map((m) => {
      const source = (lines[m.line - 1] ?? "").slice(Math.max(0, m.column - 60), m.column + 60);
      return `${m.line}:${m.column} ${m.ruleId}: ${m.message} (${m.selector ?? "document"})\n    ${source.trim()}`;
    })
    .join("\n");
}

describe("html-validate (recommended + document), the composed HTML", () => {
  for (const main of MAIN_PAGES) {
    test(`${main.name} (${main.path}) - no errors`, async () => {
      // a plain HTTP client with its own cookie jar: the page as the composer streams it, no JavaScript
      const client = await request.newContext();
      try {
        await main.prepare?.(client, storefront.url);
        const response = await client.get(`${storefront.url}${main.path}`);
        expect(response.status()).toBe(200);
        const html = await response.text();
        const report = await validator.validateString(html, `${main.name}.html`);
        const messages = report.results.flatMap((r) => r.messages);
        expect(describeMessages(messages, html)).toBe("");
      } finally {
        await client.dispose();
      }
    });
  }
});
