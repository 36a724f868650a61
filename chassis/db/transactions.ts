/**
 * Plain `begin` / `commit` / `rollback` for drizzle's node-postgres transactions. Drizzle builds
 * each of the three through its query builder (`sql\`begin\``, a raw query object, a prepared
 * query, a result mapper) — per transaction, about as much CPU as a real statement's building;
 * here they go to the connection as the simple queries they are. Everything else is drizzle's
 * own `NodePgSession.transaction`: a pooled connection per transaction, released after; an error
 * rolls back and is rethrown; a broken connection is discarded by the pool on release (`pg-pool`
 * drops a client that is no longer queryable). A transaction with options (isolation level, …),
 * and every transaction while query spans are exported (`isExporting`, so `begin` and `commit`
 * keep their spans), take drizzle's path unchanged.
 */
import { NodePgSession, NodePgTransaction } from "drizzle-orm/node-postgres";
import type pg from "pg";
import { activeTracer, isExporting } from "../trace/index.ts";

let installed = false;

type Transaction = (
  this: NodePgSession<never, never>,
  transaction: (tx: unknown) => Promise<unknown>,
  config?: unknown,
) => Promise<unknown>;

interface SessionInternals {
  client: pg.Pool | pg.PoolClient;
  dialect: never;
  schema: never;
  options: never;
}

/** Installs the plain transaction statements once per process. */
export function plainTransactionStatements(): void {
  if (installed) return;
  installed = true;
  const proto = NodePgSession.prototype as unknown as { transaction: Transaction };
  const original = proto.transaction;
  proto.transaction = async function (this: NodePgSession<never, never>, transaction, config) {
    if (config !== undefined || isExporting(activeTracer())) return original.call(this, transaction, config);
    const self = this as unknown as SessionInternals;
    const pooled = "totalCount" in self.client; // a pool: this transaction takes a connection of its own
    const client = pooled ? await (self.client as pg.Pool).connect() : (self.client as pg.PoolClient);
    const session = pooled ? new NodePgSession(client, self.dialect, self.schema, self.options) : this;
    const tx = new NodePgTransaction(self.dialect, session, self.schema);
    try {
      await client.query("begin");
      try {
        const result = await transaction(tx);
        await client.query("commit");
        return result;
      } catch (error) {
        await client.query("rollback");
        throw error;
      }
    } finally {
      if (pooled) (client as pg.PoolClient).release();
    }
  };
}
