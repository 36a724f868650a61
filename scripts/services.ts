/**
 * The team services the embedded mode hosts, in start order. A team adding a service adds its
 * definition here (and its process to compose.yaml for the distributed mode).
 */
import { catalog } from "@tessera/catalog/app";
import { checkout } from "@tessera/checkout/app";
import { explore } from "@tessera/explore/app";
import { identity } from "@tessera/identity/app";
import { inventory } from "@tessera/inventory/app";
import { ops } from "@tessera/ops/app";
import { payments } from "@tessera/payments/app";

/** In start order; the embedded mode gives them ports 3001, 3002, … in this order. */
export const SERVICES = [catalog, explore, inventory, checkout, payments, identity, ops];
