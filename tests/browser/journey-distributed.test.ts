/**
 * The main journey in the distributed mode: one OS process per service (compose.yaml's commands),
 * each service's database on the real PostgreSQL, messages on the real NATS JetStream.
 */
import { afterAll, beforeAll, describe, setDefaultTimeout, test } from "bun:test";
import type { Browser } from "playwright-core";
import { type Distributed, startDistributed } from "../../scripts/distributed.ts";
import {
  deleteStreams,
  dropDatabases,
  runId,
  TEST_DATABASE_URL,
  TEST_NATS_URL,
} from "../integration/support.ts";
import { journey } from "./journey.ts";
import { launchChromium } from "./support.ts";

setDefaultTimeout(60_000);
const dbPrefix = `${runId}_j_`;
const stream = `JOURNEY_${runId.toUpperCase()}`;
let system: Distributed;
let browser: Browser;

beforeAll(async () => {
  system = await startDistributed({
    databaseUrl: TEST_DATABASE_URL,
    databasePrefix: dbPrefix,
    natsUrl: TEST_NATS_URL,
    natsStream: stream,
    subjectPrefix: `${runId}-j`,
    ports: "free",
  });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
  await dropDatabases(dbPrefix);
  await deleteStreams(stream);
});

describe("the shopper's journey, distributed (PostgreSQL + NATS JetStream)", () => {
  test("with JavaScript - register, buy, see the order on the account page", async () => {
    const context = await browser.newContext();
    await journey(await context.newPage(), system.url("composer"), true, 1);
    await context.close();
  });
});
