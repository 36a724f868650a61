/**
 * Publishes the verification results in `results/matrix.json` to a Pact Broker, each under its
 * provider version, on the pact version the broker holds for the consumer version it verified.
 * Does nothing unless `PACT_BROKER_BASE_URL` is set (`PACT_BROKER_TOKEN` or
 * `PACT_BROKER_USERNAME`/`_PASSWORD` authenticate). Run it after `publish-pacts.ts`: the broker
 * must know the pacts first. (With a broker configured, the provider tests also verify the
 * broker's own pacts and publish those results themselves.)
 *
 * @example
 * PACT_BROKER_BASE_URL=https://broker.example bun contracts/publish-results.ts
 */

import { readMatrix } from "./support/matrix.ts";
import { gitBranch } from "./support/pact.ts";

const broker = process.env.PACT_BROKER_BASE_URL;
if (!broker) {
  console.log("PACT_BROKER_BASE_URL is not set: the results stay in contracts/results");
  process.exit(0);
}

const headers = new Headers({ "content-type": "application/json", accept: "application/hal+json" });
const { PACT_BROKER_TOKEN: token, PACT_BROKER_USERNAME: user, PACT_BROKER_PASSWORD: password } = process.env;
if (token) headers.set("authorization", `Bearer ${token}`);
else if (user) headers.set("authorization", `Basic ${btoa(`${user}:${password ?? ""}`)}`);

const { rows } = readMatrix();
if (rows.length === 0) {
  console.error("contracts/results/matrix.json has no results: run the provider tests first");
  process.exit(1);
}

let failed = 0;
for (const row of rows) {
  const enc = encodeURIComponent;
  const pactUrl = new URL(
    `/pacts/provider/${enc(row.provider)}/consumer/${enc(row.consumer)}/version/${enc(row.consumerVersion)}`,
    broker,
  );
  const pact = await fetch(pactUrl, { headers });
  if (!pact.ok) {
    console.error(
      `${row.edge}: the broker has no pact for ${row.consumer} ${row.consumerVersion} (${pact.status})`,
    );
    failed++;
    continue;
  }
  const links = ((await pact.json()) as { _links?: Record<string, { href?: string }> })._links ?? {};
  const href = links["pb:publish-verification-results"]?.href;
  if (!href) {
    console.error(`${row.edge}: the broker offers no pb:publish-verification-results link`);
    failed++;
    continue;
  }
  const response = await fetch(href, {
    method: "POST",
    headers,
    body: JSON.stringify({
      success: row.result === "passed",
      providerApplicationVersion: row.providerVersion,
      providerVersionBranch: gitBranch(),
      verifiedBy: { implementation: "tessera contracts (pact-js)", version: "1" },
      testResults: row.error ? [{ success: false, exceptions: [{ message: row.error }] }] : [],
    }),
  });
  if (!response.ok) {
    console.error(`${row.edge}: publishing failed: ${response.status} ${await response.text()}`);
    failed++;
    continue;
  }
  console.log(`published ${row.edge}: ${row.result} (${row.consumerVersion} × ${row.providerVersion})`);
}
process.exit(failed > 0 ? 1 : 0);
