/** Runs the ops service in its own process (distributed mode). */

import { exitOnStartFailure } from "@tessera/chassis/lifecycle";
import { runService } from "@tessera/chassis/service";
import { ops } from "./app.ts";

await runService(ops, { handleSignals: true }).catch(exitOnStartFailure);
