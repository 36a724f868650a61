/**
 * Product images, drawn by the catalog itself as SVG (no external host): a tractor in the
 * variant's colour. Served with long-lived cache headers; the URL changes with the drawing.
 */

import type { Db } from "@tessera/chassis/db";
import { AppError } from "@tessera/chassis/errors";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { variants } from "../db/schema.ts";

const DRAWING_VERSION = "1";

/** The path of a variant's image, as pages reference it (through the composer's gateway). */
export function imagePath(sku: string): string {
  return `/api/catalog/images/${encodeURIComponent(sku)}.v${DRAWING_VERSION}.svg`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** An SVG tractor in `color`, with the variant's name as its accessible title. */
export function drawTractor(name: string, color: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" role="img" aria-labelledby="t"><title id="t">${escapeXml(name)}</title>
<rect width="400" height="300" fill="#f4f1ea"/><rect y="230" width="400" height="70" fill="#d9cfb8"/>
<rect x="120" y="110" width="170" height="80" rx="10" fill="${color}"/><rect x="210" y="60" width="80" height="70" rx="6" fill="${color}"/>
<rect x="222" y="72" width="56" height="44" rx="4" fill="#cfe3f1"/><rect x="140" y="80" width="12" height="36" fill="#333"/>
<circle cx="250" cy="210" r="50" fill="#2b2b2b"/><circle cx="250" cy="210" r="22" fill="#c9c9c9"/>
<circle cx="140" cy="225" r="30" fill="#2b2b2b"/><circle cx="140" cy="225" r="12" fill="#c9c9c9"/></svg>`;
}

/** `GET /images/:file` — `<sku>.v<n>.svg`. */
export function imageRoutes(db: Db): Hono {
  return new Hono().get("/:file{.+\\.svg}", async (c) => {
    const match = /^(.+)\.v\d+\.svg$/.exec(c.req.param("file"));
    const sku = match?.[1] ? decodeURIComponent(match[1]) : "";
    const [variant] = await db.select().from(variants).where(eq(variants.sku, sku));
    if (!variant) throw new AppError("not_found", `No product image for sku "${sku}"`, { sku });
    return c.body(drawTractor(variant.name, variant.color), 200, {
      "content-type": "image/svg+xml; charset=utf-8",
      "cache-control": "public, max-age=31536000, immutable",
    });
  });
}
