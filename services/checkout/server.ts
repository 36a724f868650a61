/** Runs the checkout service in its own process (distributed mode). */

import { exitOnStartFailure } from "@tessera/chassis/lifecycle";
import { runService } from "@tessera/chassis/service";
import { checkout } from "./app.ts";

await runService(checkout, { handleSignals: true }).catch(exitOnStartFailure);
