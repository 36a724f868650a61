/** Runs the catalog service in its own process (distributed mode). */

import { exitOnStartFailure } from "@tessera/chassis/lifecycle";
import { runService } from "@tessera/chassis/service";
import { catalog } from "./app.ts";

await runService(catalog, { handleSignals: true }).catch(exitOnStartFailure);
