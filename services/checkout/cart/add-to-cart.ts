/**
 * Adding to the cart in one statement: the line already there (if any), the variant's product
 * and stock level, the cart touched (or started, theirs when a signed-in shopper starts it), the
 * line written and the cart's lines read back priced — one round trip instead of a transaction
 * of six. The writes are made only when the variant can be sold in the quantity the line would
 * then hold; otherwise the statement writes nothing and answers what refused it, and the same
 * cart errors as before are thrown from that.
 *
 * One statement is atomic on its own, so no transaction is needed; it sees one snapshot, as the
 * read-committed transaction it replaces saw one per statement (neither locks the line it reads).
 */
import { type Executor, plainQuery } from "@tessera/chassis/db";
import {
  type CartChange,
  cartError,
  cartView,
  LINE_COLUMNS,
  type LineRow,
  MAX_QUANTITY,
  refuseUnsellable,
} from "./cart.ts";
import { newCartId } from "./cart-id.ts";

/** One row of the statement's answer: what was checked, and one line of the cart after (if written). */
interface AddRow extends Omit<LineRow, "sku" | "quantity"> {
  /** Units of the sku the cart held before; null when it had no such line. */
  had: number | null;
  /** The catalog knows the sku. */
  sellable: boolean;
  /** Units available of the sku (null: not known yet). */
  skuAvailable: number | null;
  /** The cart written to; null when nothing was written. */
  cartId: string | null;
  created: boolean;
  /** The line (null in the one row of an answer that wrote nothing). */
  sku: string | null;
  quantity: number | null;
}

/**
 * The statement: cart `$1` (null: none yet), sku `$2`, units `$3`, the id of a cart it starts `$4`
 * and that cart's owner `$5` (null: anonymous). One text, so prepared once per connection.
 */
const ADD_TO_CART = `with had as (
      select quantity from cart_lines where cart_id = $1::text and sku = $2::text
    ), wanted as (
      select coalesce((select quantity from had), 0) + $3::int as quantity,
             (select quantity from had) as had, p.sku is not null as known, s.available
      from (select $2::text as sku) k
      left join products p on p.sku = k.sku
      left join stock s on s.sku = k.sku
    ), allowed as (
      select quantity from wanted
      where known and quantity between 1 and ${MAX_QUANTITY} and (available is null or quantity <= available)
    ), touched as (
      update carts set updated_at = now()
      where id = $1::text and exists (select from allowed)
      returning id
    ), created as (
      insert into carts (id, owner_id)
      select $4::text, $5::text
      where exists (select from allowed) and not exists (select from touched)
      returning id
    ), cart as (
      select id from touched union all select id from created
    ), added as (
      insert into cart_lines (cart_id, sku, quantity)
      select cart.id, $2::text, allowed.quantity from cart, allowed
      on conflict (cart_id, sku) do update set quantity = excluded.quantity
      returning sku, quantity, added_at
    ), l as (
      select sku, quantity, added_at from cart_lines
      where cart_id = (select id from touched) and sku <> $2::text
      union all
      select sku, quantity, added_at from added
    )
    select w.had, w.known as sellable, w.available as "skuAvailable",
           (select id from cart) as "cartId", exists (select from created) as created,
           ${LINE_COLUMNS}
    from wanted w
    left join l on true
    left join products p on p.sku = l.sku
    left join stock s on s.sku = l.sku
    order by l.added_at, l.sku`;

/** Adds `quantity` units of `sku` (to the line already there, if any); a new cart is `ownerId`'s. */
export async function addToCart(
  db: Executor,
  cartId: string | undefined,
  sku: string,
  quantity: number,
  ownerId?: string,
): Promise<CartChange> {
  const answer = await plainQuery<AddRow>(db, ADD_TO_CART, [
    cartId ?? null,
    sku,
    quantity,
    newCartId(),
    ownerId ?? null,
  ]);
  const [first] = answer;
  if (!first) throw new Error("Adding to the cart answered no row");
  if (!first.cartId) {
    if (first.had !== null && first.had + quantity > MAX_QUANTITY) {
      throw cartError(
        "validation_failed",
        "quantity",
        `A cart holds at most ${MAX_QUANTITY} of ${sku}; it has ${first.had} already`,
        { sku },
      );
    }
    refuseUnsellable(sku, (first.had ?? 0) + quantity, {
      known: first.sellable,
      available: first.skuAvailable,
    });
    throw new Error(`Adding ${quantity} of ${sku} wrote nothing, yet nothing refuses it`);
  }
  const lines = answer.filter((r): r is AddRow & LineRow => r.sku !== null);
  return { cart: cartView(first.cartId, lines), created: first.created };
}
