/**
 * The storefront's main pages, as the accessibility, HTML-validity and screenshot checks (and
 * bench/pages) visit them. Some pages need a shopper first: the cart needs an item in it, the
 * account a signed-in shopper. `prepare` makes that state with plain form POSTs through the
 * browser context's own request client, so the cookies land in the context the page then opens in.
 */
import type { APIRequestContext } from "playwright-core";

export interface MainPage {
  /** A short name, used in test names and file names (`product`, `cart`…). */
  name: string;
  path: string;
  /** Makes the state the page needs (a cart with an item, a signed-in shopper) in `request`'s cookie jar. */
  prepare?: (request: APIRequestContext, base: string) => Promise<void>;
}

/** A variant with stock in every seeded store: the one the product page shows. */
export const PRODUCT_SKU = "CL-01-GR";

/**
 * The CSRF token a page of `path` puts in its forms (the page also sets the cookie it matches, in
 * `request`'s cookie jar): form posts without it are refused.
 */
export async function csrfToken(request: APIRequestContext, base: string, path: string): Promise<string> {
  const html = await (await request.get(`${base}${path}`)).text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`no CSRF token in the forms of ${path}`);
  return token;
}

/** Puts one of {@link PRODUCT_SKU} into the context's cart with the form the product page posts. */
export async function addToCart(request: APIRequestContext, base: string): Promise<void> {
  const _csrf = await csrfToken(request, base, "/account/login");
  const response = await request.post(`${base}/checkout/cart/add`, {
    form: { sku: PRODUCT_SKU, quantity: "1", _csrf },
  });
  if (!response.ok()) throw new Error(`adding ${PRODUCT_SKU} to the cart failed: HTTP ${response.status()}`);
}

let shoppers = 0;

/** Registers a new shopper with the registration form; the context is signed in afterwards. */
export async function register(request: APIRequestContext, base: string): Promise<void> {
  const password = "correct horse battery staple";
  const _csrf = await csrfToken(request, base, "/account/register");
  const response = await request.post(`${base}/account/register`, {
    form: {
      _csrf,
      name: "Ada Shopper",
      email: `a11y-${process.pid}-${Date.now()}-${++shoppers}@example.com`,
      password,
      passwordConfirmation: password,
    },
  });
  if (!response.ok() || !new URL(response.url()).pathname.endsWith("/account"))
    throw new Error(`registering failed: HTTP ${response.status()} at ${response.url()}`);
}

export const MAIN_PAGES: MainPage[] = [
  { name: "home", path: "/" },
  { name: "category", path: "/products/classic" },
  { name: "product", path: `/product/TR-CL-001?sku=${PRODUCT_SKU}` },
  { name: "stores", path: "/stores" },
  { name: "cart", path: "/checkout/cart", prepare: addToCart },
  {
    name: "checkout",
    path: "/checkout/checkout",
    prepare: addToCart,
  },
  { name: "login", path: "/account/login" },
  { name: "register", path: "/account/register" },
  { name: "account", path: "/account", prepare: register },
];

export const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;
