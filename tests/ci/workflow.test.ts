/**
 * The GitHub Actions workflow teams run (`.github/workflows/ci.yml`) cannot run here, so it is
 * checked by construction: it parses as YAML without errors or warnings, and its structure does
 * what the README promises — PostgreSQL and NATS JetStream beside the job, each waited for by a
 * health check; Node 20; the same command `.ci/run` runs (`npm test`, so the contract stage);
 * the deploy gate for every service; pacts and results published only when a broker is
 * configured; every script and action it names exists or is pinned. It is not validated against
 * GitHub's own workflow schema (no validator is installed; `@action-validator/core` would be one).
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseDocument } from "yaml";

const root = resolve(import.meta.dir, "../..");
const WORKFLOW = ".github/workflows/ci.yml";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  id?: string;
}
interface Service {
  image: string;
  env?: Record<string, string>;
  ports?: string[];
  options?: string;
}
interface Job {
  "runs-on": string;
  services?: Record<string, Service>;
  steps: Step[];
  "timeout-minutes"?: number;
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  env?: Record<string, string>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const document = parseDocument(readFileSync(join(root, WORKFLOW), "utf8"), { prettyErrors: true });
const workflow = document.toJS() as Workflow;
const jobs = Object.entries(workflow.jobs ?? {});
const steps = jobs.flatMap(([, job]) => job.steps ?? []);
const indexOf = (predicate: (s: Step) => boolean) => steps.findIndex(predicate);
const runs = (text: string) => (s: Step) => (s.run ?? "").includes(text);

const SERVICES = readdirSync(join(root, "services")).filter((n) =>
  statSync(join(root, "services", n)).isDirectory(),
);

describe(WORKFLOW, () => {
  test("ci.yml - parsed with yaml - has no errors or warnings", () => {
    expect(document.errors.map(String)).toEqual([]);
    expect(document.warnings.map(String)).toEqual([]);
    expect(workflow.name).toBeTruthy();
  });

  test("ci.yml - triggers - run on pushes to main and on pull requests, read-only", () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(["push", "pull_request"]));
    expect(workflow.permissions).toEqual({ contents: "read" });
  });

  test("ci.yml - jobs - every job has a runner, steps and a timeout", () => {
    expect(jobs.length).toBeGreaterThan(0);
    for (const [, job] of jobs) {
      expect(job["runs-on"]).toMatch(/^ubuntu-/);
      expect(job.steps.length).toBeGreaterThan(0);
      expect(job["timeout-minutes"]).toBeGreaterThan(0);
    }
  });

  test("ci.yml - PostgreSQL service - a postgres image on 5432 with trust auth and a pg_isready health check", () => {
    const services = jobs.map(([, job]) => job.services ?? {});
    const postgres = services.map((s) => s.postgres).find(Boolean);
    expect(postgres?.image).toMatch(/^postgres:\d+/);
    expect(postgres?.ports).toContain("5432:5432");
    expect(postgres?.env?.POSTGRES_HOST_AUTH_METHOD).toBe("trust");
    for (const flag of ["--health-cmd", "--health-interval", "--health-retries"])
      expect(postgres?.options).toContain(flag);
    expect(postgres?.options).toContain("pg_isready");
  });

  test("ci.yml - NATS service - nats:2.11 runs with -js on 4222 before the tests, waited for by its JetStream health endpoint", () => {
    const nats = jobs.map(([, job]) => job.services?.nats).find(Boolean);
    expect(nats?.image).toBe("nats:2.11");
    expect(nats?.ports).toContain("4222:4222");
    const start = indexOf(runs("nats:2.11 -js"));
    expect(start).toBeGreaterThanOrEqual(0);
    const script = steps[start]?.run ?? "";
    expect(script).toContain("-p 4222:4222");
    expect(script).toContain("healthz?js-enabled-only=true");
    expect(script).toContain("job.services.nats.id");
    expect(start).toBeLessThan(indexOf(runs(".ci/run")));
  });

  test("ci.yml - Node - set up as Node 20 before the tests", () => {
    const node = indexOf((s) => (s.uses ?? "").startsWith("actions/setup-node@"));
    expect(node).toBeGreaterThanOrEqual(0);
    expect(String(steps[node]?.with?.["node-version"])).toBe("20");
    expect(node).toBeLessThan(indexOf(runs(".ci/run")));
  });

  test("ci.yml - tests - run .ci/run, which runs npm test (every tier, the contract stage included)", () => {
    expect(indexOf(runs(".ci/run"))).toBeGreaterThanOrEqual(0);
    const ciRun = readFileSync(join(root, ".ci/run"), "utf8");
    expect(ciRun).toMatch(/^npm test$/m);
    const testScript = readFileSync(join(root, "scripts/test.ts"), "utf8");
    expect(testScript).toContain('name: "contract"');
    expect(workflow.env?.TEST_DATABASE_URL).toContain("127.0.0.1:5432");
    expect(workflow.env?.TEST_NATS_URL).toBe("nats://127.0.0.1:4222");
    // The browser tier's Chromium comes from the workflow, so .ci/run need not apt-get it.
    const tests = steps[indexOf(runs(".ci/run"))];
    expect(tests?.env?.CHROMIUM_PATH).toContain("steps.chrome.outputs");
  });

  test("ci.yml - the gate - can-i-deploy runs for every service and the composer at the commit, after the tests", () => {
    const gate = indexOf(runs("contracts/can-i-deploy.ts"));
    expect(gate).toBeGreaterThan(indexOf(runs(".ci/run")));
    const script = steps[gate]?.run ?? "";
    // Every service folder (listed when the step runs, so a new service is gated too) and the composer.
    expect(script).toMatch(/for service in \$\(ls services\) composer; do/);
    expect(SERVICES.length).toBeGreaterThan(0);
    expect(script).toContain('"$GIT_SHA"');
    expect(script).toMatch(/exit \$status/);
    expect(steps[gate]?.if).toBeUndefined();
    expect(workflow.env?.GIT_SHA).toContain("github.sha");
    expect(workflow.env?.GIT_BRANCH).toBeTruthy();
  });

  test("ci.yml - publishing - pacts then results, only when PACT_BROKER_BASE_URL is configured, from secrets", () => {
    const pacts = indexOf(runs("contracts/publish-pacts.ts"));
    const results = indexOf(runs("contracts/publish-results.ts"));
    expect(pacts).toBeGreaterThan(indexOf(runs(".ci/run")));
    expect(results).toBeGreaterThan(pacts);
    for (const i of [pacts, results]) expect(steps[i]?.if).toContain("env.PACT_BROKER_BASE_URL != ''");
    const secret = (name: string) => `\${{ secrets.${name} }}`;
    expect(workflow.env?.PACT_BROKER_BASE_URL).toBe(secret("PACT_BROKER_BASE_URL"));
    expect(workflow.env?.PACT_BROKER_TOKEN).toBe(secret("PACT_BROKER_TOKEN"));
  });

  test("ci.yml - what it names - every script exists and every action is pinned to a version", () => {
    for (const step of steps) {
      if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@v\d+$/);
      for (const m of (step.run ?? "").matchAll(/(?:^|\s)((?:\.ci|contracts|scripts)\/[\w./-]+)/g))
        expect(existsSync(join(root, m[1] as string))).toBe(true);
    }
  });
});
