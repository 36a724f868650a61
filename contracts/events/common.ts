/** Building blocks shared by the event schemas. */
import { z } from "zod";

export const Money = z.object({ amount: z.number().int().nonnegative(), currency: z.string().length(3) });
export type Money = z.infer<typeof Money>;

export const Sku = z.string().regex(/^[A-Z0-9-]{2,32}$/);
export const OrderId = z.string().regex(/^[A-Z0-9-]{4,40}$/);
export const Timestamp = z.iso.datetime({ offset: true });

/** An order line as messages carry it. */
export const OrderLine = z.object({ sku: Sku, quantity: z.number().int().min(1).max(99) });
