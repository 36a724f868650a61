/**
 * What each consumer of a fragment relies on, one entry per fragment edge: the provider states,
 * the request (query, shopper context), the status, and one regex per promise in the HTML (Pact's
 * Oniguruma engine matches the whole body, hence the `[\s\S]*` around each). The example body is
 * built from the markers, so it satisfies every rule. A signed-in shopper is an internal identity
 * token for the provider (`x-tessera-identity`, see identity-token.ts), as the composer sends it.
 */
import { identityHeaders } from "./identity-token.ts";

export interface FragmentExpectation {
  consumer: string;
  provider: string;
  name: string;
  description: string;
  states: { name: string; params?: Record<string, string> }[];
  query: Record<string, string>;
  headers: Record<string, string>;
  status: number;
  /** Promise → whole-body pattern. */
  markers: Record<string, string>;
  example: string;
  location?: string;
  locationExample?: string;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const has = (inner: string) => `[\\s\\S]*${inner}[\\s\\S]*`;
const boundary = (id: string) => has(`data-boundary="${esc(id)}"`);
const tag = (service: string, name: string) =>
  has(`<tessera-fragment service="${esc(service)}" name="${esc(name)}"`);
const field = (name: string) => has(`name="${esc(name)}"`);
const form = (action: string) => has(`<form[^>]*action="${esc(action)}"`);
const element = (name: string) => has(`<${esc(name)}[\\s>]`);

interface Spec {
  consumer: string;
  provider: string;
  name: string;
  description?: string;
  states?: FragmentExpectation["states"];
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** The page's own marker instead of `data-boundary`: [pattern, example opening tag]. */
  marker?: [string, string];
  /** Extra promises besides the boundary marker: label → [pattern, example snippet]. */
  extra?: Record<string, [string, string]>;
  status?: number;
  location?: string;
  locationExample?: string;
}

function expectation(spec: Spec): FragmentExpectation {
  const id = `${spec.provider}/${spec.name}`;
  const status = spec.status ?? 200;
  const extra = spec.extra ?? {};
  const [pattern, opening] = spec.marker ?? [boundary(id), `<div data-boundary="${id}">`];
  const markers = status === 200 ? { boundary: pattern, ...mapValues(extra, ([p]) => p) } : {};
  const example =
    status === 200
      ? `${opening}${Object.values(extra)
          .map(([, snippet]) => snippet)
          .join("\n")}</div>`
      : "";
  return {
    consumer: spec.consumer,
    provider: spec.provider,
    name: spec.name,
    description: spec.description ?? "the page or slot it fills",
    states: spec.states ?? [],
    query: spec.query ?? {},
    headers: spec.headers ?? {},
    status,
    markers,
    example,
    location: spec.location,
    locationExample: spec.locationExample,
  };
}

function mapValues<T, U>(record: Record<string, T>, fn: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v)]));
}

const SKU = "CL-01-GR";
const USER = "0b5f3c5e-8d0e-4c36-9a56-1f2d3c4b5a69";
/** An operator viewing `/ops/*`: the composer speaks for them to ops. */
const OPERATOR = await identityHeaders("operator-contract", "ops", ["operator"]);
const listed = [{ name: "the catalogue is listed" }];

export const FRAGMENT_EXPECTATIONS: FragmentExpectation[] = [
  // ---- composer's page layout (composer/pages/layout.ts) ----
  expectation({
    consumer: "composer",
    provider: "explore",
    name: "header",
    states: listed,
    extra: {
      miniCart: [
        tag("checkout", "mini-cart"),
        '<tessera-fragment service="checkout" name="mini-cart"></tessera-fragment>',
      ],
    },
  }),
  expectation({ consumer: "composer", provider: "explore", name: "footer" }),
  expectation({ consumer: "composer", provider: "explore", name: "home-page", states: listed }),
  expectation({
    consumer: "composer",
    provider: "explore",
    name: "category-page",
    states: listed,
    query: { category: "classic" },
    extra: { category: [has('data-category="classic"'), '<div data-category="classic"></div>'] },
  }),
  expectation({ consumer: "composer", provider: "explore", name: "stores-page" }),
  expectation({
    consumer: "composer",
    provider: "catalog",
    name: "product-page",
    states: [
      { name: "the catalogue is seeded" },
      { name: `a product with sku ${SKU} exists`, params: { sku: SKU } },
    ],
    query: { id: "TR-CL-001", sku: SKU },
    extra: {
      stock: [
        tag("inventory", "stock"),
        '<tessera-fragment service="inventory" name="stock"></tessera-fragment>',
      ],
      addToCart: [
        tag("checkout", "add-to-cart"),
        '<tessera-fragment service="checkout" name="add-to-cart"></tessera-fragment>',
      ],
      recommendations: [
        tag("explore", "recommendations"),
        '<tessera-fragment service="explore" name="recommendations"></tessera-fragment>',
      ],
    },
  }),
  expectation({
    consumer: "composer",
    provider: "checkout",
    name: "cart-page",
    extra: { title: [has("Your cart"), "<h1>Your cart</h1>"] },
  }),
  expectation({ consumer: "composer", provider: "checkout", name: "checkout-page" }),
  expectation({
    consumer: "composer",
    provider: "checkout",
    name: "thanks-page",
    description: "a confirmed order of the signed-in shopper",
    states: [{ name: "customer user-thanks has an order", params: { customerId: "user-thanks" } }],
    query: { order: "ORD-USERTHANKS" },
    headers: await identityHeaders("user-thanks", "checkout"),
    extra: { order: [has("ORD-USERTHANKS"), "<strong>ORD-USERTHANKS</strong>"] },
  }),
  expectation({
    consumer: "composer",
    provider: "identity",
    name: "login-page",
    extra: {
      form: [form("/account/login"), '<form method="post" action="/account/login">'],
      email: [field("email"), '<input name="email">'],
      password: [field("password"), '<input name="password">'],
    },
  }),
  expectation({
    consumer: "composer",
    provider: "identity",
    name: "register-page",
    extra: {
      form: [form("/account/register"), '<form method="post" action="/account/register">'],
      email: [field("email"), '<input name="email">'],
      password: [field("password"), '<input name="password">'],
    },
  }),
  expectation({
    consumer: "composer",
    provider: "identity",
    name: "account-page",
    description: "the signed-in shopper's account",
    states: [{ name: `a user ${USER} named Ada Farmer exists`, params: { userId: USER } }],
    headers: await identityHeaders(USER, "identity"),
    extra: { name: [has("Ada Farmer"), "<h1>Ada Farmer</h1>"] },
  }),
  // ---- the ops pages (composer/pages/layout.ts, `/ops/*`, for an operator) ----
  ...(
    [
      ["health-page", "health", "Health", {}],
      ["logs-page", "logs", "Logs", {}],
      ["traces-page", "traces", "Traces", {}],
      ["trace-page", "traces", "Trace not found", { trace_id: "0123456789abcdef0123456789abcdef" }],
      ["exceptions-page", "exceptions", "Exceptions", {}],
      ["exception-page", "exceptions", "Exception not found", { fingerprint: "0123456789abcdef" }],
      ["metrics-page", "metrics", "Metrics", {}],
      ["audit-page", "audit", "Audit log", {}],
    ] as const
  ).map(([name, section, title, query]) =>
    expectation({
      consumer: "composer",
      provider: "ops",
      name,
      description:
        Object.keys(query).length > 0 ? "one item, unknown to ops" : "the page with what ops holds",
      query,
      headers: OPERATOR,
      marker: [has(`data-ops-page="${esc(section)}"`), `<div class="ops" data-ops-page="${section}">`],
      extra: { title: [has(`<h1>${esc(title)}</h1>`), `<h1>${title}</h1>`] },
    }),
  ),
  // ---- fragments nesting other teams' fragments ----
  expectation({
    consumer: "explore",
    provider: "catalog",
    name: "product-card",
    description: "a tile of a listing page",
    states: [
      { name: "the catalogue is seeded" },
      { name: `a product with sku ${SKU} exists`, params: { sku: SKU } },
    ],
    query: { sku: SKU },
    extra: {
      element: [element("catalog-product-card"), "<catalog-product-card></catalog-product-card>"],
      sku: [has(`sku="${SKU}"`), `<i sku="${SKU}"></i>`],
    },
  }),
  expectation({
    consumer: "catalog",
    provider: "inventory",
    name: "stock",
    states: [{ name: `stock is known for sku ${SKU}`, params: { sku: SKU } }],
    query: { sku: SKU },
    extra: {
      element: [element("inventory-stock"), "<inventory-stock></inventory-stock>"],
      sku: [has(`sku="${SKU}"`), `<i sku="${SKU}"></i>`],
    },
  }),
  expectation({
    consumer: "catalog",
    provider: "checkout",
    name: "add-to-cart",
    states: [{ name: `a product with sku ${SKU} is on sale`, params: { sku: SKU } }],
    query: { sku: SKU },
    extra: {
      element: [element("checkout-add-to-cart"), "<checkout-add-to-cart></checkout-add-to-cart>"],
      form: [form("/checkout/cart/add"), '<form method="post" action="/checkout/cart/add">'],
      sku: [field("sku"), `<input name="sku" value="${SKU}">`],
      quantity: [field("quantity"), '<select name="quantity"></select>'],
    },
  }),
  expectation({
    consumer: "catalog",
    provider: "explore",
    name: "recommendations",
    states: listed,
    query: { sku: SKU },
  }),
  expectation({
    consumer: "checkout",
    provider: "explore",
    name: "recommendations",
    description: "the recommendations under the cart",
    states: listed,
    query: { sku: SKU },
  }),
  expectation({
    consumer: "explore",
    provider: "checkout",
    name: "mini-cart",
    extra: { element: [element("checkout-mini-cart"), "<checkout-mini-cart></checkout-mini-cart>"] },
  }),
  expectation({
    consumer: "checkout",
    provider: "explore",
    name: "store-picker",
    description: "the pickup store field of the checkout form",
    extra: {
      element: [element("explore-store-picker"), "<explore-store-picker></explore-store-picker>"],
      storeId: [field("storeId"), '<input type="radio" name="storeId" value="store-hamburg">'],
      hamburg: [has('value="store-hamburg"'), '<i value="store-hamburg"></i>'],
    },
  }),
  expectation({
    consumer: "checkout",
    provider: "payments",
    name: "payment-method",
    description: "the payment field of the checkout form",
    extra: {
      paymentToken: [
        field("paymentToken"),
        '<input type="radio" name="paymentToken" value="tok_visa_success">',
      ],
      success: [has('value="tok_visa_success"'), '<i value="tok_visa_success"></i>'],
    },
  }),
];
