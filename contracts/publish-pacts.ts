/**
 * Publishes the pacts in `contracts/pacts` to a Pact Broker, each under its consumer's version
 * (git sha) and branch as recorded by the consumer tests. Does nothing unless
 * `PACT_BROKER_BASE_URL` is set; `PACT_BROKER_TOKEN` or `PACT_BROKER_USERNAME`/`_PASSWORD`
 * authenticate. Uses the broker's `POST /contracts/publish`.
 *
 * @example
 * PACT_BROKER_BASE_URL=https://broker.example bun contracts/publish-pacts.ts
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gitBranch, gitSha, PACTS_DIR, type PactFile } from "./support/pact.ts";

const broker = process.env.PACT_BROKER_BASE_URL;
if (!broker) {
  console.log("PACT_BROKER_BASE_URL is not set: the pacts stay in contracts/pacts");
  process.exit(0);
}

const headers = new Headers({ "content-type": "application/json", accept: "application/hal+json" });
const { PACT_BROKER_TOKEN: token, PACT_BROKER_USERNAME: user, PACT_BROKER_PASSWORD: password } = process.env;
if (token) headers.set("authorization", `Bearer ${token}`);
else if (user) headers.set("authorization", `Basic ${btoa(`${user}:${password ?? ""}`)}`);

for (const name of readdirSync(PACTS_DIR).filter((n) => n.endsWith(".json"))) {
  const text = readFileSync(join(PACTS_DIR, name), "utf8");
  const pact = JSON.parse(text) as PactFile;
  const version = pact.metadata?.tessera?.consumerVersion ?? gitSha();
  const branch = pact.metadata?.tessera?.branch ?? gitBranch();
  const response = await fetch(new URL("/contracts/publish", broker), {
    method: "POST",
    headers,
    body: JSON.stringify({
      pacticipantName: pact.consumer.name,
      pacticipantVersionNumber: version,
      branch,
      contracts: [
        {
          consumerName: pact.consumer.name,
          providerName: pact.provider.name,
          specification: "pact",
          contentType: "application/json",
          content: Buffer.from(text).toString("base64"),
        },
      ],
    }),
  });
  if (!response.ok) {
    console.error(`publishing ${name} failed: ${response.status} ${await response.text()}`);
    process.exit(1);
  }
  console.log(`published ${name} as ${pact.consumer.name} ${version} (${branch})`);
}
