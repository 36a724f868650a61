import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import pino from "pino";
import { superviseWorkers, workerCount } from "./workers.ts";

const log = pino({ level: "silent" });
const fixture = join(import.meta.dir, "worker-fixture.ts");

/** Asks on new connections until `wanted` different pids answered (or 10 s passed). */
async function pidsAnswering(url: string, wanted: number): Promise<Set<string>> {
  const seen = new Set<string>();
  const until = Date.now() + 10_000;
  while (Date.now() < until && seen.size < wanted) {
    const response = await fetch(url, { keepalive: false, headers: { connection: "close" } }).catch(
      () => undefined,
    );
    if (response?.ok) seen.add(await response.text());
    else await Bun.sleep(20);
  }
  return seen;
}

describe("workerCount()", () => {
  test("unset, a number, auto - one, that number, at least one per core", () => {
    expect(workerCount(undefined, "W")).toBe(1);
    expect(workerCount("3", "W")).toBe(3);
    expect(workerCount("auto", "W")).toBeGreaterThanOrEqual(1);
  });

  test("zero or a word - a ConfigError naming the variable and the value", () => {
    expect(() => workerCount("0", "COMPOSER_WORKERS")).toThrow(/COMPOSER_WORKERS="0"/);
    expect(() => workerCount("many", "COMPOSER_WORKERS")).toThrow(/COMPOSER_WORKERS="many"/);
  });
});

describe("superviseWorkers()", () => {
  test("two workers on one port - both answer, a killed one is replaced, stop() drains them all", async () => {
    const supervisor = superviseWorkers({
      count: 2,
      port: 0,
      hostname: "127.0.0.1",
      log,
      command: [process.execPath, fixture],
    });
    const url = `http://127.0.0.1:${supervisor.port}/`;
    try {
      const first = await pidsAnswering(url, 2);
      expect(first).toEqual(new Set(supervisor.pids().map(String)));

      const [victim] = supervisor.pids();
      process.kill(victim as number, "SIGKILL");
      let replaced = false;
      for (let i = 0; i < 100 && !replaced; i++) {
        await Bun.sleep(50);
        const pids = supervisor.pids();
        replaced = pids.length === 2 && !pids.includes(victim as number);
      }
      expect(replaced).toBe(true);
      const second = await pidsAnswering(url, 2);
      expect(second).toEqual(new Set(supervisor.pids().map(String)));

      const inFlight = fetch(`${url}slow`);
      await Bun.sleep(50);
      await supervisor.stop();
      const answer = await inFlight.catch((error) => error as Error);
      // the worker holding the slow request finished it before exiting
      expect(answer instanceof Response ? answer.status : answer.message).toBe(200);
      expect(supervisor.pids()).toEqual([]);
      await expect(fetch(url)).rejects.toThrow();
    } finally {
      await supervisor.stop();
    }
  }, 30_000);
});
