/** Runs the identity service in its own process (distributed mode). */

import { exitOnStartFailure } from "@tessera/chassis/lifecycle";
import { runService } from "@tessera/chassis/service";
import { identity } from "./app.ts";

await runService(identity, { handleSignals: true }).catch(exitOnStartFailure);
