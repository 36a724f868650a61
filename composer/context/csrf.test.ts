import { describe, expect, test } from "bun:test";
import { AppError } from "@tessera/chassis/errors";
import { Hono } from "hono";
import { CSRF_HEADER, createCsrf } from "./csrf.ts";

const csrf = createCsrf({ secret: "test-secret", secure: false });

/** A browser's page: its cookie, and the HTML the composer streamed for it. */
async function page(html: string) {
  const { token, setCookie } = csrf.forPage(new Request("http://shop.test/"));
  const cookie = (setCookie ?? "").split(";")[0] as string;
  const response = csrf.inject(new Response(html, { headers: { "content-type": "text/html" } }), token);
  return { token, cookie, html: await response.text() };
}

const app = new Hono()
  .onError((error, c) => c.json({ detail: error.message }, error instanceof AppError ? 403 : 500))
  .post("/checkout/cart/add", async (c) => {
    await csrf.checkForm(c);
    return c.text("forwarded");
  });

const post = (headers: Record<string, string>, body = "sku=CL-01-GR") =>
  app.request("http://shop.test/checkout/cart/add", {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "sec-fetch-site": "same-origin",
      ...headers,
    },
    body,
  });

describe("the page's CSRF token for fetch posts", () => {
  test("a page - carries the token in <meta name=tessera-csrf> in its head, and still in its POST forms", async () => {
    const { token, html } = await page(
      '<html><head><title>x</title></head><body><form method="post"></form></body></html>',
    );
    expect(html).toContain(`<title>x</title><meta name="tessera-csrf" content="${token}"></head>`);
    expect(html).toContain(`<form method="post"><input type="hidden" name="_csrf" value="${token}">`);
  });

  test("a post with the page's token in x-csrf-token and no _csrf field - accepted", async () => {
    const { token, cookie } = await page("<html><head></head></html>");
    const response = await post({ cookie, [CSRF_HEADER]: token });
    expect(response.status).toBe(200);
  });

  test("a header token of another browser, or a header token without the cookie - refused", async () => {
    const mine = await page("<html><head></head></html>");
    const theirs = await page("<html><head></head></html>");
    expect((await post({ cookie: mine.cookie, [CSRF_HEADER]: theirs.token })).status).toBe(403);
    expect((await post({ [CSRF_HEADER]: mine.token })).status).toBe(403);
    expect(
      (await post({ cookie: mine.cookie, [CSRF_HEADER]: mine.token, "sec-fetch-site": "cross-site" })).status,
    ).toBe(403);
  });
});
