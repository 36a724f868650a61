/** Runs the explore service in its own process (distributed mode). */

import { exitOnStartFailure } from "@tessera/chassis/lifecycle";
import { runService } from "@tessera/chassis/service";
import { explore } from "./app.ts";

await runService(explore, { handleSignals: true }).catch(exitOnStartFailure);
