/** ops verifies every pact naming it: its fragment pages and manifest against the real app (in-memory PGlite). */
import { PROVIDERS } from "../support/providers.ts";
import { verifyProviderPacts } from "../support/verify.ts";

verifyProviderPacts(PROVIDERS.ops as NonNullable<(typeof PROVIDERS)["ops"]>);
