/** Runs the payments service in its own process (distributed mode). */

import { exitOnStartFailure } from "@tessera/chassis/lifecycle";
import { runService } from "@tessera/chassis/service";
import { payments } from "./app.ts";

await runService(payments, { handleSignals: true }).catch(exitOnStartFailure);
