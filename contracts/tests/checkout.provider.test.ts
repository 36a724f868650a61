/** checkout verifies every pact naming it: HTTP against the real app (in-memory PGlite), messages against its producing code. */
import { PROVIDERS } from "../support/providers.ts";
import { verifyProviderPacts } from "../support/verify.ts";

verifyProviderPacts(PROVIDERS.checkout as NonNullable<(typeof PROVIDERS)["checkout"]>);
