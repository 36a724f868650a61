import { busConformance } from "./conformance.ts";
import { createInProcessBus } from "./in-process.ts";

busConformance("in-process", async () => createInProcessBus());
