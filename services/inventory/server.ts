/** Runs the inventory service in its own process (distributed mode). */

import { exitOnStartFailure } from "@tessera/chassis/lifecycle";
import { runService } from "@tessera/chassis/service";
import { inventory } from "./app.ts";

await runService(inventory, { handleSignals: true }).catch(exitOnStartFailure);
