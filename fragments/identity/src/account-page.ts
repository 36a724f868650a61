/**
 * `identity/account-page`: who is signed in, a sign-out form, the delivery address (shown, and a
 * form to change it) and the order history (which comes from checkout; when it cannot, the page
 * says so and still works).
 */
import { type Html, html } from "@tessera/chassis/html";
import { renderAddress, renderAddressForm, type SavedAddress, type TypedAddress } from "./address-form.ts";
import type { FormState } from "./form-parts.ts";
import { pageStyles } from "./styles.ts";

export interface Money {
  /** Minor units (cents). */
  amount: number;
  currency: string;
}

export interface OrderLineView {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: Money;
}

export interface OrderView {
  id: string;
  state: string;
  total: Money;
  placedAt: string;
  lines: OrderLineView[];
}

export interface AccountPageData {
  user: { name: string; email: string };
  /** The orders, newest first; undefined when checkout could not tell. */
  orders: OrderView[] | undefined;
  /** The saved delivery address, when there is one. */
  address?: SavedAddress;
  /** After a refused address form: the message, its field and what was typed. */
  addressForm?: FormState & { typed: TypedAddress };
}

export const ORDERS_UNAVAILABLE = "Your orders cannot be shown right now.";

export function formatMoney(money: Money): string {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency: money.currency }).format(
      money.amount / 100,
    );
  } catch {
    return `${(money.amount / 100).toFixed(2)} ${money.currency}`;
  }
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(
    date,
  );
}

const STATE_LABELS: Record<string, string> = {
  pending: "Being placed",
  placed: "Placed",
  confirmed: "Confirmed",
  cancelled: "Cancelled",
  canceled: "Cancelled",
};

const stateLabel = (state: string) =>
  STATE_LABELS[state.toLowerCase()] ?? state.charAt(0).toUpperCase() + state.slice(1);

function renderOrder(order: OrderView, index: number): Html {
  const titleId = `order-${index}-title`;
  return html`<li class="order"><article aria-labelledby="${titleId}">
<h3 id="${titleId}">Order ${order.id}</h3>
<p><time datetime="${order.placedAt}">${formatDate(order.placedAt)}</time> · ${stateLabel(order.state)} · Total ${formatMoney(order.total)}</p>
<table>
<caption class="visually-hidden">Items in order ${order.id}</caption>
<thead><tr><th scope="col">Item</th><th scope="col" class="num">Quantity</th><th scope="col" class="num">Price each</th></tr></thead>
<tbody>${order.lines.map(
    (line) =>
      html`<tr><td>${line.name} <span class="hint">(${line.sku})</span></td><td class="num">${line.quantity}</td><td class="num">${formatMoney(line.unitPrice)}</td></tr>`,
  )}</tbody>
</table>
</article></li>`;
}

function renderOrders(orders: OrderView[] | undefined): Html {
  if (!orders)
    return html`<p class="notice" role="status">${ORDERS_UNAVAILABLE} Please try again in a few minutes.</p>`;
  if (orders.length === 0) {
    return html`<p>You have not placed any orders yet. <a href="/products">Browse the tractors</a></p>`;
  }
  return html`<ol class="orders">${orders.map(renderOrder)}</ol>`;
}

export function renderAccountPage(data: AccountPageData): Html {
  return html`<section class="identity-page" data-boundary="identity/account-page" aria-labelledby="account-title">
${pageStyles}
<h1 id="account-title">Your account</h1>
<dl>
<dt>Name</dt><dd>${data.user.name}</dd>
<dt>Email address</dt><dd>${data.user.email}</dd>
</dl>
<form method="post" action="/account/logout">
<button type="submit" class="secondary">Sign out</button>
</form>
<section aria-labelledby="address-title">
<h2 id="address-title">Delivery address</h2>
${renderAddress(data.address)}
${renderAddressForm(data.address, data.addressForm)}
</section>
<section aria-labelledby="orders-title">
<h2 id="orders-title">Your orders</h2>
${renderOrders(data.orders)}
</section>
</section>`;
}
