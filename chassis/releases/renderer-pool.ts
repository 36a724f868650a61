/**
 * The Workers rendering deployed releases of one team's fragments: one per version, started on
 * first use (it imports that release's server bundle in its own realm) and stopped when the
 * version is no longer live (see {@link RendererPool.retain}) once its renders are done.
 */
import { serverBundle } from "./version.ts";

export interface RendererPool {
  /** Renders fragment `name` with `data` in `version`'s worker. */
  render(version: string, name: string, data: unknown): Promise<string>;
  /** Stops the workers of every version not in `live` (after their pending renders). */
  retain(live: Set<string>): void;
  /** The versions with a running worker. */
  running(): string[];
  close(): Promise<void>;
}

export interface RendererPoolOptions {
  releasesDir: string;
  team: string;
  /** How long one render may take (default 10 s). */
  timeoutMs?: number;
}

interface Pending {
  resolve: (html: string) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

interface VersionWorker {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<number, Pending>;
  retiring: boolean;
}

const WORKER_URL = new URL("./render-worker.ts", import.meta.url).href;

export function createRendererPool(options: RendererPoolOptions): RendererPool {
  const workers = new Map<string, VersionWorker>();
  const timeoutMs = options.timeoutMs ?? 10_000;
  let nextId = 1;

  function stop(version: string, entry: VersionWorker, reason: string) {
    if (workers.get(version) === entry) workers.delete(version);
    for (const pending of entry.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(new Error(reason));
    }
    entry.pending.clear();
    entry.worker.terminate();
  }

  function start(version: string): VersionWorker {
    const bundle = serverBundle(options.releasesDir, options.team, version);
    const worker = new Worker(WORKER_URL);
    // a live worker must not keep a stopping process alive (Bun's Worker has unref)
    (worker as Worker & { unref?: () => void }).unref?.();
    const pending = new Map<number, Pending>();
    let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
    const ready = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    const entry: VersionWorker = { worker, ready, pending, retiring: false };
    worker.onmessage = (event: MessageEvent) => {
      const message = event.data as { type?: string; id?: number; html?: string; error?: string };
      if (message.type === "ready") return settle?.resolve();
      if (message.type === "failed") {
        settle?.reject(new Error(`${options.team} ${version} cannot load: ${message.error}`));
        return stop(version, entry, `${options.team} ${version} cannot load: ${message.error}`);
      }
      const waiting = message.id === undefined ? undefined : pending.get(message.id);
      if (!waiting || message.id === undefined) return;
      pending.delete(message.id);
      clearTimeout(waiting.timer);
      if (message.error !== undefined)
        waiting.reject(new Error(`${options.team} ${version} failed to render: ${message.error}`));
      else waiting.resolve(message.html ?? "");
      if (entry.retiring && pending.size === 0) stop(version, entry, "retired");
    };
    worker.onerror = (event) => {
      const reason = `${options.team} ${version}'s renderer crashed: ${event.message}`;
      settle?.reject(new Error(reason));
      stop(version, entry, reason);
    };
    worker.postMessage({ type: "init", bundle });
    ready.catch(() => {});
    return entry;
  }

  return {
    async render(version, name, data) {
      let entry = workers.get(version);
      if (!entry || entry.retiring) {
        entry = start(version);
        workers.set(version, entry);
      }
      await entry.ready;
      const id = nextId++;
      const current = entry;
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          current.pending.delete(id);
          reject(new Error(`${options.team} ${version} took longer than ${timeoutMs} ms to render ${name}`));
        }, timeoutMs);
        current.pending.set(id, { resolve, reject, timer });
        current.worker.postMessage({ id, name, data });
      });
    },
    retain(live) {
      for (const [version, entry] of workers) {
        if (live.has(version)) continue;
        workers.delete(version);
        entry.retiring = true;
        if (entry.pending.size === 0) stop(version, entry, "retired");
      }
    },
    running: () => [...workers.keys()],
    async close() {
      for (const [version, entry] of [...workers]) stop(version, entry, "the renderer pool closed");
    },
  };
}
