/**
 * `payments.authorize-payment` from the checkout saga: asks the simulated provider and records
 * the attempt with its reply (`payments.payment-authorized` or `payments.payment-declined`, through
 * the outbox) in one transaction. A timing-out card is recorded as pending and gets no reply.
 * Once per message; a second command for an order already decided repeats the decision.
 *
 * Commands are applied in batches (group commit, `batchedApplyOnce`; one alone is a batch of one)
 * in a fixed number of plain statements whatever the batch's size: one locks the batch's orders
 * against voids ({@link LOCK_ORDERS}), one reads their known payments (locked) and early voids, each command is decided in turn against them (a second
 * command for an order decided earlier in the batch repeats that decision), then one insert
 * writes the new attempts and one the replies.
 */

import type { BusMessage } from "@tessera/chassis/bus";
import { type Db, plainQuery, type Tx } from "@tessera/chassis/db";
import {
  batchedApplyOnce,
  consumeOnce,
  enqueueAll,
  type OutgoingMessage,
  traceHeaders,
} from "@tessera/chassis/outbox";
import {
  AuthorizePaymentV1,
  PAYMENT_AUTHORIZED,
  PAYMENT_DECLINED,
  PaymentAuthorizedV1,
  PaymentDeclinedV1,
} from "@tessera/contracts/events";
import type { z } from "zod";
import type { PaymentStatus } from "../db/schema.ts";
import { providerAnswer } from "../provider.ts";

export const AUTHORIZE_CONSUMER = "payments-authorize-payment";
/**
 * How long an authorize command that finds none being applied waits for others to share its
 * transaction (`batchedApplyOnce`'s `gatherMs`): a few milliseconds of the payment step for one
 * transaction, lock statement and insert per batch instead of per command.
 */
const COMMAND_GATHER_MS = 5;

export type AuthorizeOutcome = "authorized" | "declined" | "pending" | "voided" | "repeated" | "duplicate";

type Command = z.infer<typeof AuthorizePaymentV1>;

/** What a decision needs of an order's payment attempt. */
interface Attempt {
  id: string;
  orderId: string;
  token: string;
  amountCents: number;
  currency: string;
  status: PaymentStatus;
  declineReason: string | null;
  voidReason: string | null;
  createdAt: Date;
  authorizedAt: Date | null;
  voidedAt: Date | null;
}

/** One transaction's state: the attempts known per order, what it adds, the replies it sends. */
interface Batch {
  known: Map<string, Attempt>;
  earlyVoids: Map<string, string>;
  added: Attempt[];
  replies: OutgoingMessage[];
}

/**
 * Serialises the work on each order's payment between authorisations and voids: the lock is
 * taken before either reads, so a void committed first is seen by the authorisation (an early
 * void) and an authorisation committed first is seen by the void (its payment) — without it, an
 * authorisation and a void of the same order running at once could each miss the other, leaving
 * an authorised payment for a cancelled order. Taken in order id order (the ids come sorted).
 */
export const LOCK_ORDERS =
  "select pg_advisory_xact_lock(hashtext('payments.order:' || id)) from unnest($1::text[]) as t(id)";

/**
 * The batch's orders' payments, locked (a void of one of them waits for this transaction), and
 * the voids that came before their payment — both kinds in one statement.
 */
const KNOWN = `with known as (
  select order_id, id, token, amount_cents, currency, status, decline_reason, void_reason, created_at, authorized_at, voided_at
  from payments where order_id = any($1::text[]) for update
)
select 'payment' as kind, * from known
union all
select 'early-void', order_id, null, null, null, null, null, null, reason, null, null, null
from early_voids where order_id = any($1::text[])`;

/** Every new attempt of a batch in one statement (one text, so one prepared statement). */
const INSERT_ATTEMPTS = `insert into payments
  (id, order_id, token, amount_cents, currency, status, decline_reason, void_reason, created_at, authorized_at, voided_at)
select * from unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[],
  $9::timestamptz[], $10::timestamptz[], $11::timestamptz[])`;

interface KnownRow {
  kind: "payment" | "early-void";
  order_id: string;
  id: string;
  token: string;
  amount_cents: number;
  currency: string;
  status: PaymentStatus;
  decline_reason: string | null;
  void_reason: string | null;
  created_at: Date;
  authorized_at: Date | null;
  voided_at: Date | null;
}

async function readBatch(commands: readonly Command[], tx: Tx): Promise<Batch> {
  const orderIds = [...new Set(commands.map((c) => c.orderId))].sort();
  await plainQuery(tx, LOCK_ORDERS, [orderIds]);
  const rows = await plainQuery<KnownRow>(tx, KNOWN, [orderIds]);
  const batch: Batch = { known: new Map(), earlyVoids: new Map(), added: [], replies: [] };
  for (const r of rows) {
    if (r.kind === "early-void") {
      batch.earlyVoids.set(r.order_id, r.void_reason ?? "");
      continue;
    }
    batch.known.set(r.order_id, {
      id: r.id,
      orderId: r.order_id,
      token: r.token,
      amountCents: r.amount_cents,
      currency: r.currency,
      status: r.status,
      declineReason: r.decline_reason,
      voidReason: r.void_reason,
      createdAt: r.created_at,
      authorizedAt: r.authorized_at,
      voidedAt: r.voided_at,
    });
  }
  return batch;
}

async function writeBatch(batch: Batch, tx: Tx): Promise<void> {
  const { added } = batch;
  if (added.length > 0) {
    const column = <K extends keyof Attempt>(key: K) => added.map((a) => a[key]);
    await plainQuery(tx, INSERT_ATTEMPTS, [
      column("id"),
      column("orderId"),
      column("token"),
      column("amountCents"),
      column("currency"),
      column("status"),
      column("declineReason"),
      column("voidReason"),
      column("createdAt"),
      column("authorizedAt"),
      column("voidedAt"),
    ]);
  }
  await enqueueAll(tx, batch.replies);
}

function authorizedEvent(p: Attempt) {
  return PaymentAuthorizedV1.parse({
    type: "PaymentAuthorized",
    version: 1,
    orderId: p.orderId,
    paymentId: p.id,
    amount: { amount: p.amountCents, currency: p.currency },
    authorizedAt: (p.authorizedAt ?? p.createdAt).toISOString(),
  });
}

function declinedEvent(p: Attempt) {
  return PaymentDeclinedV1.parse({
    type: "PaymentDeclined",
    version: 1,
    orderId: p.orderId,
    reason: p.declineReason ?? "Your card was declined.",
  });
}

/** The reply an attempt gets (pending and voided attempts get none), in the active trace context. */
function replyTo(batch: Batch, p: Attempt): void {
  if (p.status === "authorized") {
    batch.replies.push({ subject: PAYMENT_AUTHORIZED, payload: authorizedEvent(p), headers: traceHeaders() });
  }
  if (p.status === "declined") {
    batch.replies.push({ subject: PAYMENT_DECLINED, payload: declinedEvent(p), headers: traceHeaders() });
  }
}

/** Decides one command against the batch as the commands before it left it. */
function decide(command: Command, batch: Batch): AuthorizeOutcome {
  const existing = batch.known.get(command.orderId);
  if (existing) {
    replyTo(batch, existing);
    return "repeated";
  }
  const now = new Date();
  const attempt: Attempt = {
    id: `pay_${crypto.randomUUID().replaceAll("-", "")}`,
    orderId: command.orderId,
    token: command.token,
    amountCents: command.amount.amount,
    currency: command.amount.currency,
    status: "pending",
    declineReason: null,
    voidReason: null,
    createdAt: now,
    authorizedAt: null,
    voidedAt: null,
  };
  let outcome: AuthorizeOutcome;
  const early = batch.earlyVoids.get(command.orderId);
  if (early !== undefined) {
    Object.assign(attempt, { status: "voided", voidReason: early, voidedAt: now });
    outcome = "voided";
  } else {
    const answer = providerAnswer(command.token);
    if (answer.kind === "no-answer") outcome = "pending";
    else if (answer.kind === "declined") {
      Object.assign(attempt, { status: "declined", declineReason: answer.reason });
      outcome = "declined";
    } else {
      Object.assign(attempt, { status: "authorized", authorizedAt: now });
      outcome = "authorized";
    }
  }
  batch.added.push(attempt);
  batch.known.set(command.orderId, attempt);
  replyTo(batch, attempt);
  return outcome;
}

const parseCommand = (message: BusMessage): Command => AuthorizePaymentV1.parse(message.data);

/** Applies one command on its own (once per message id). */
export async function authorizePayment(db: Db, message: BusMessage): Promise<AuthorizeOutcome> {
  const command = parseCommand(message);
  let outcome: AuthorizeOutcome = "duplicate";
  await consumeOnce(db, AUTHORIZE_CONSUMER, message, async (tx) => {
    const batch = await readBatch([command], tx);
    outcome = decide(command, batch);
    await writeBatch(batch, tx);
  });
  return outcome;
}

/**
 * The command applier for the bus: commands that arrive while one transaction applies others are
 * applied together in the next one (group commit), each recorded with its effect.
 */
export function authorizeApplier(db: Db): (message: BusMessage) => Promise<AuthorizeOutcome> {
  const apply = batchedApplyOnce(db, AUTHORIZE_CONSUMER, {
    gatherMs: COMMAND_GATHER_MS,
    parse: parseCommand,
    prepare: readBatch,
    handle: async (command, _tx, _message, batch) => decide(command, batch),
    finish: writeBatch,
  });
  return async (message) => {
    const done = await apply(message);
    return done.applied ? done.value : "duplicate";
  };
}
