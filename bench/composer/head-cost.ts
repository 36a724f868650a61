/**
 * What a page's head costs the composer before its first byte can leave: bursts of 100 `/three`
 * pages sent at once to one in-process composer (the benchmark's templates, the benchmark's
 * fragment server), timed until the last of the 100 `Response`s is there; the bodies are read
 * after that, so the fragments' work is outside the figure. Prints the median over 30 bursts
 * (after 10 for warm-up) of that time divided by 100: µs per head, wall clock (run it on a quiet
 * machine, or A/B against a ref: `git archive` a ref and run its copy, as `snapshot.ts` does).
 *
 * Run: bun bench/composer/head-cost.ts
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStaticRegistry } from "@tessera/chassis/registry";
import { createComposer } from "@tessera/composer/app";
import { freePort, spawnChild, stopAll, waitUntil } from "./process.ts";
import { templates } from "./systems/tessera.ts";

const tmp = await mkdtemp(join(tmpdir(), "tessera-bench-head-"));
try {
  const port = await freePort();
  const fragments = `http://127.0.0.1:${port}`;
  const server = spawnChild("fragments", [process.execPath, join(import.meta.dir, "fragments-server.ts")], {
    env: { PORT: String(port) },
    logFile: `${tmp}/fragments.log`,
  });
  await waitUntil("fragment server", async () => (await fetch(`${fragments}/health`)).ok, { child: server });
  const composer = await createComposer({
    env: { LOG_LEVEL: "error", HOST: "127.0.0.1" },
    templates: templates(),
    registry: await createStaticRegistry({ catalog: fragments, explore: fragments }),
  });
  const perHead: number[] = [];
  for (let burst = 0; burst < 40; burst++) {
    const started = performance.now();
    let last = started;
    const responses = await Promise.all(
      Array.from({ length: 100 }, () =>
        Promise.resolve(composer.app.fetch(new Request("http://127.0.0.1/three"))).then((response) => {
          last = performance.now();
          return response;
        }),
      ),
    );
    await Promise.all(responses.map((response) => response.text()));
    if (burst >= 10) perHead.push(((last - started) * 1000) / 100);
  }
  perHead.sort((a, b) => a - b);
  const median = perHead[Math.floor(perHead.length / 2)] as number;
  console.log(
    `µs per head (bursts of 100 /three pages): median ${median.toFixed(1)}, min ${perHead[0]?.toFixed(1)}`,
  );
  await composer.close();
} finally {
  await stopAll();
  await rm(tmp, { recursive: true, force: true });
}
