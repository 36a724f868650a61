/**
 * Where a composer's CPU time goes, from a `bun --cpu-prof` profile: every sample is given to the
 * innermost frame of the repository's own code on its stack (native and library frames count for
 * the project code that called them), and that file to a stage of composing a page. Samples with
 * no project frame are the runtime's own work (socket I/O, response streaming, GC).
 *
 * Run: bun bench/composer/profile-stages.ts <file.cpuprofile> [skip-ms] (skip start-up and warm-up)
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

const STAGES: [string, string][] = [
  ["/composer/context/csrf", "CSRF (token, HTMLRewriter inject)"],
  ["/composer/context/security", "CSRF (token, HTMLRewriter inject)"],
  ["/chassis/http/", "fragment fetch: http client (span, timeout, headers)"],
  ["/composer/discovery/", "fragment fetch: upstream (pick, breaker, retry budget)"],
  ["/composer/context/internal-identity", "fragment fetch: identity headers"],
  ["/composer/fragments/resolver", "resolver (manifest, cache, span, metrics)"],
  ["/composer/fragments/", "federation data, manifests"],
  ["/composer/compose", "compose (stream, scan, nesting)"],
  ["/composer/stream/", "compose (stream, scan, nesting)"],
  ["/chassis/service/telemetry", "request telemetry (server span, metrics, log)"],
  ["/chassis/access/", "security headers"],
  ["/chassis/trace/", "tracing (spans, context)"],
  ["/composer/app", "renderTemplate (context, nonce, shopper)"],
  ["/composer/context/", "renderTemplate (context, nonce, shopper)"],
];

function stageOf(url: string): string | undefined {
  if (url.includes("/node_modules/")) return undefined;
  for (const [part, stage] of STAGES) if (url.includes(part)) return stage;
  const repo = /\/(composer|chassis|bench)\/.*$/.exec(url)?.[0];
  return repo ? `other: ${repo.slice(1)}` : undefined;
}

/** Shares of the samples after `skipMs`, per stage, largest first. */
export async function stages(
  file: string,
  skipMs = 0,
): Promise<{ total: number; shares: [string, number][] }> {
  const profile = JSON.parse(await Bun.file(file).text()) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const counts = new Map<string, number>();
  let total = 0;
  let t = 0;
  profile.samples.forEach((sample, i) => {
    t += (profile.timeDeltas[i] ?? 0) / 1000;
    if (t < skipMs) return;
    const frame = nodes.get(sample)?.callFrame;
    const top = frame?.functionName;
    if (top === "(idle)" || top === "(program)") return;
    // the runtime's own fetch (the HTTP client's native work) apart from the JS around it
    let stage: string | undefined = top === "fetch" && !frame?.url ? "fetch() itself (native)" : undefined;
    let hono = false;
    for (let id: number | undefined = sample; id !== undefined && !stage; id = parent.get(id)) {
      const url = nodes.get(id)?.callFrame.url ?? "";
      if (url.includes("/node_modules/hono/")) hono = true;
      stage = stageOf(url);
    }
    stage ??= hono ? "hono (routing, middleware)" : "runtime (no project frame: I/O, streaming, GC)";
    counts.set(stage, (counts.get(stage) ?? 0) + 1);
    total++;
  });
  return {
    total,
    shares: [...counts].sort((a, b) => b[1] - a[1]).map(([stage, n]) => [stage, n / Math.max(1, total)]),
  };
}

export async function printStages(file: string, skipMs = 0): Promise<void> {
  const { total, shares } = await stages(file, skipMs);
  console.log(`\nWhere the CPU time goes (${total} samples of ${file.split("/").at(-1)}):`);
  for (const [stage, share] of shares)
    if (share >= 0.005) console.log(`  ${(share * 100).toFixed(1).padStart(5)}%  ${stage}`);
}

if (import.meta.main) {
  const [file, skip] = process.argv.slice(2);
  if (!file) throw new Error("usage: bun bench/composer/profile-stages.ts <file.cpuprofile> [skip-ms]");
  await printStages(file, Number(skip ?? 0));
}
