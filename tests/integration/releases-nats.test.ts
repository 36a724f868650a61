/** The release store conformance suite against the real NATS JetStream (a bucket and stream of this run). */

import { releaseStoreConformance } from "@tessera/chassis/releases/conformance";
import { connectNatsStore, deleteNatsStore } from "@tessera/chassis/releases/nats";
import { runId, TEST_NATS_URL } from "./support.ts";

let n = 0;
releaseStoreConformance("nats", async () => {
  n += 1;
  const bucket = `${runId}_releases_${n}`;
  const stream = `${runId.toUpperCase()}_DEPLOYMENTS_${n}`;
  const open = () => connectNatsStore({ url: TEST_NATS_URL, bucket, stream });
  return { store: await open(), reopen: open, cleanup: () => deleteNatsStore(TEST_NATS_URL, bucket, stream) };
});
