/**
 * The catalog verifies every pact naming it: the composer's and explore's fragment pacts against
 * the real app (in-memory PGlite, seeded), explore's, inventory's and checkout's
 * `catalog.product-changed` against the catalog's own builder fed from its rows.
 */
import { PROVIDERS } from "../support/providers.ts";
import { verifyProviderPacts } from "../support/verify.ts";

verifyProviderPacts(PROVIDERS.catalog as NonNullable<(typeof PROVIDERS)["catalog"]>);
