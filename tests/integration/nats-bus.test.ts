/** The bus conformance suite against the real NATS JetStream server. */
import { afterAll } from "bun:test";
import { type Bus, connectNatsBus } from "@tessera/chassis/bus";
import { busConformance } from "@tessera/chassis/bus/conformance";
import { deleteStreams, runId, TEST_NATS_URL } from "./support.ts";

const streamPrefix = `BUS_${runId.toUpperCase()}`;
let n = 0;
const opened: Bus[] = [];

busConformance("NATS JetStream", async () => {
  n += 1;
  const bus = await connectNatsBus({
    url: TEST_NATS_URL,
    stream: `${streamPrefix}_${n}`,
    prefix: `${runId}-${n}`,
  });
  opened.push(bus);
  return bus;
});

afterAll(() => deleteStreams(streamPrefix));
