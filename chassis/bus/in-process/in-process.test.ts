import { openDatabase } from "../../db/index.ts";
import { busConformance } from "../conformance.ts";
import type { Bus } from "../types.ts";
import { createInProcessBus } from "./index.ts";

const migrationsFolder = `${import.meta.dir}/../../outbox/testing/migrations`;

busConformance("in-process, in memory", async () => createInProcessBus());

busConformance("in-process, durable in the service's database", async (): Promise<Bus> => {
  const database = await openDatabase({ service: "bus-test", migrationsFolder });
  const shared = createInProcessBus();
  const bus = await shared.connect({ service: "bus-test", db: database.db });
  return {
    ...bus,
    async close() {
      await bus.close();
      await shared.close();
      await database.close();
    },
  };
});
