/**
 * Explore's contract for `catalog.product-changed`: the message it needs to build its listing
 * read model. Pact hands the example message to explore's real consumer, and the listing must
 * then be served by explore's API.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { MatchersV3, PactV4 } from "@pact-foundation/pact";
import { type BuiltService, buildService } from "@tessera/chassis/service";
import { PRODUCT_CHANGED } from "@tessera/contracts/events";
import { explore } from "../../services/explore/app.ts";
import { applyProductChanged } from "../../services/explore/events/product-changed.ts";
import { MESSAGE_INTERACTIONS, PACTS_DIR, stampPact, startPact } from "../support/pact.ts";

const { integer, regex, string } = MatchersV3;
const CONSUMER = "explore";
const PROVIDER = "catalog";

let service: BuiltService;
beforeAll(async () => {
  startPact(CONSUMER, PROVIDER, MESSAGE_INTERACTIONS);
  service = await buildService(explore, { env: { LOG_LEVEL: "silent" }, inMemory: true });
}, 60_000);
afterAll(async () => {
  await service?.close();
  stampPact(CONSUMER, PROVIDER);
});

const pact = new PactV4({ consumer: CONSUMER, provider: PROVIDER, dir: PACTS_DIR, logLevel: "warn" });

/** Non-empty text (Pact's regex must match the whole value). */
const text = (example: string) => regex("^[\\s\\S]+$", example);

/** ProductChangedV1, field by field: what explore's parser insists on. */
const productChanged = (sku: string) => ({
  type: "ProductChanged",
  version: 1,
  sku: text(sku),
  productId: text("TR-CL-001"),
  name: text("Heritage Workhorse — Meadow Green"),
  description: string("A faithful 1950s utility tractor."),
  category: text("classic"),
  price: { amount: integer(5_890_000), currency: regex("^[A-Z]{3}$", "EUR") },
  image: text(`/api/catalog/images/${sku}.v1.svg`),
  changedAt: regex(
    "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$",
    "2026-01-01T00:00:00.000Z",
  ),
});

describe("explore ← catalog (catalog.product-changed)", () => {
  test("a changed product becomes a listing", async () => {
    const sku = "CL-01-GR";
    await pact
      .addAsynchronousInteraction()
      .given(`a product with sku ${sku} exists`, { sku })
      .expectsToReceive(`a ${PRODUCT_CHANGED} event for ${sku}`, (message) =>
        message.withJSONContent(productChanged(sku)).withMetadata({ subject: PRODUCT_CHANGED }),
      )
      .executeTest(async (message) => {
        const applied = await applyProductChanged(service.ctx.database.db, {
          id: crypto.randomUUID(),
          subject: String(message.metadata.subject),
          data: message.contents.content,
          headers: {},
          deliveryCount: 1,
        });
        expect(applied).toBe(true);
        const response = await service.app.request(`/api/products/${sku}`);
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({
          sku,
          productId: "TR-CL-001",
          category: "classic",
          price: { amount: 5_890_000, currency: "EUR" },
        });
      });
  });
});
