/**
 * Waiting for the running storefront to use a new release state: the composer answers
 * `GET /_tessera/releases` with the state it renders with; the CLI polls it until its revision
 * reaches the one just written, so "deployed" means the next page view uses it.
 */

export type WaitOutcome =
  | { kind: "seen"; ms: number }
  | { kind: "unreachable"; reason: string }
  | { kind: "behind"; revision: number };

/** Polls `<url>/_tessera/releases` until it reports `revision` or later, or `timeoutMs` passes. */
export async function waitForStorefront(
  url: string,
  revision: number,
  timeoutMs: number,
): Promise<WaitOutcome> {
  const started = performance.now();
  let last = -1;
  let reachedOnce = false;
  let reason = "";
  while (performance.now() - started < timeoutMs) {
    try {
      const response = await fetch(new URL("/_tessera/releases", url), { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`it answered ${response.status}`);
      reachedOnce = true;
      last = ((await response.json()) as { revision: number }).revision;
      if (last >= revision) return { kind: "seen", ms: Math.round(performance.now() - started) };
    } catch (error) {
      reason = (error as Error).message;
      // nothing listening there (a slow storefront is waited for until the timeout)
      const refused = /ECONNREFUSED|ConnectionRefused|Unable to connect|ENOTFOUND/i.test(
        `${reason} ${(error as { code?: string }).code ?? ""}`,
      );
      if (!reachedOnce && refused && performance.now() - started > 1000)
        return { kind: "unreachable", reason };
    }
    await Bun.sleep(50);
  }
  return reachedOnce ? { kind: "behind", revision: last } : { kind: "unreachable", reason };
}

/**
 * Asks the storefront for the release's federated remote (what the shell will load): a team whose
 * running service cannot serve the release (it reads another releases folder, or does not render
 * releases at all) fails here, before anyone is sent to it. Undefined when it answered 200;
 * otherwise why not ("unreachable" when no storefront answered).
 */
export async function probeRelease(url: string, team: string, version: string): Promise<string | undefined> {
  const path = `/_assets/${team}/releases/${version}/mf-manifest.json`;
  let response: Response;
  try {
    response = await fetch(new URL(path, url), { signal: AbortSignal.timeout(5000) });
  } catch {
    return "unreachable";
  }
  await response.body?.cancel();
  return response.ok ? undefined : `${path} answered ${response.status}`;
}
