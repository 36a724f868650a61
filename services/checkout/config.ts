/**
 * The checkout service's configuration: the chassis defaults, listening on 3004, and the saga's
 * timing (how long inventory and payments may take to answer, how long the place-order form waits
 * for the final state, how often the sweeper looks for overdue orders).
 */
import { millis, port, serviceConfig } from "@tessera/chassis/config";

export const checkoutConfig = serviceConfig.extend({
  PORT: port(3004),
  /** Inventory must answer `inventory.reserve-stock` within this, or the order is cancelled. */
  STOCK_TIMEOUT_MS: millis(10_000),
  /** Payments must answer `payments.authorize-payment` within this, or the order is cancelled. */
  PAYMENT_TIMEOUT_MS: millis(10_000),
  /** How long `POST /checkout/place-order` waits for the order's final state before redirecting. */
  PLACE_ORDER_WAIT_MS: millis(12_000),
  /** Period of the sweeper that cancels overdue orders. */
  SWEEP_INTERVAL_MS: millis(1_000),
});

export type CheckoutConfig = ReturnType<typeof checkoutConfig.parse>;
