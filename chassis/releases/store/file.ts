/**
 * The release store of the embedded mode: `state.json` (written to a temporary file, fsynced and
 * renamed over the old one, so a reader sees the old state or the new one, never half) and
 * `deployments.jsonl` (one JSON line per entry, appended and fsynced before `append` resolves).
 * Changes by several processes (the CLI, the storefront) are serialised by a lock directory.
 * Watchers see another process's change within `pollMs`.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { EMPTY_STATE, type LogEntry, type ReleaseState, type ReleaseStore } from "../types.ts";

export interface FileStoreOptions {
  /** The folder holding `state.json` and `deployments.jsonl` (created when missing). */
  dir: string;
  /** How often watchers look for another process's change (default 250 ms). */
  pollMs?: number;
}

const LOCK_STALE_MS = 30_000;

function fsyncDir(dir: string) {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function readState(file: string): ReleaseState {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as ReleaseState;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return EMPTY_STATE;
    throw new Error(`cannot read the release state at ${file}: ${(error as Error).message}`);
  }
}

/** Runs `fn` holding the store's lock (a directory: mkdir is atomic). */
async function withLock<T>(dir: string, fn: () => T): Promise<T> {
  const lock = join(dir, "state.lock");
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (Date.now() - started > LOCK_STALE_MS) {
        rmSync(lock, { recursive: true, force: true }); // left by a process that died holding it
        continue;
      }
      await Bun.sleep(10);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Opens the file store in `options.dir` (created on the first write). */
export function openFileStore(options: FileStoreOptions): ReleaseStore {
  const stateFile = join(options.dir, "state.json");
  const logFile = join(options.dir, "deployments.jsonl");
  const listeners = new Set<(state: ReleaseState) => void>();
  let seen = readState(stateFile).revision;
  const notify = (state: ReleaseState) => {
    if (state.revision === seen) return;
    seen = state.revision;
    for (const listener of listeners) listener(state);
  };
  const timer = setInterval(() => {
    if (listeners.size === 0) return;
    try {
      notify(readState(stateFile));
    } catch {
      // a torn read cannot happen (rename), but a file removed by hand can: keep the last state
    }
  }, options.pollMs ?? 250);
  timer.unref?.();

  return {
    kind: "file",
    async read() {
      return readState(stateFile);
    },
    async update(change) {
      mkdirSync(options.dir, { recursive: true });
      const next = await withLock(options.dir, () => {
        const current = readState(stateFile);
        const changed = { ...change(current), revision: current.revision + 1 };
        const temp = `${stateFile}.${process.pid}.tmp`;
        const fd = openSync(temp, "w");
        try {
          writeSync(fd, `${JSON.stringify(changed, null, 2)}\n`);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        renameSync(temp, stateFile);
        fsyncDir(options.dir);
        return changed;
      });
      notify(next);
      return next;
    },
    async append(entry: LogEntry) {
      mkdirSync(options.dir, { recursive: true });
      const fd = openSync(logFile, "a");
      try {
        writeSync(fd, `${JSON.stringify(entry)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    },
    async entries(query = {}) {
      let text = "";
      try {
        text = readFileSync(logFile, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
      const all: LogEntry[] = [];
      for (const line of text.split("\n")) {
        if (!line.trim()) continue;
        try {
          all.push(JSON.parse(line) as LogEntry);
        } catch {
          // a line cut short by a crash mid-append: every complete line before and after still counts
        }
      }
      const picked = all.filter((e) => !query.team || e.team === query.team).reverse();
      return query.limit ? picked.slice(0, query.limit) : picked;
    },
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      clearInterval(timer);
      listeners.clear();
    },
  };
}
