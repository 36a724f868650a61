/** What the orchestrator needs from each composing system: how to start it, where its pages are. */
import type { PageId } from "../pages.ts";
import type { Child } from "../process.ts";

export interface StartContext {
  /** The fragment server, e.g. `http://127.0.0.1:40123`. */
  fragments: string;
  /** A temp directory of the run, for config files and logs (removed at the end). */
  tmp: string;
  /** The repository root. */
  root: string;
  /** Worker processes the system runs (nginx workers, composer workers, node:cluster workers). */
  workers: number;
  /** Extra arguments for a system run under Bun (`--cpu-prof`, by cpu.ts); others ignore them. */
  bunArgs?: string[];
}

/** One way to serve the nested page: its path and how the system nests (said in the output). */
export interface NestedVariant {
  path: string;
  how: string;
}

export interface RunningSystem {
  /** e.g. `http://127.0.0.1:40124`. */
  base: string;
  paths: Record<Exclude<PageId, "nested">, string>;
  /** Tried in order: the first whose page is complete is measured. */
  nested: NestedVariant[];
  child: Child;
}

export interface System {
  name: string;
  /** Runtime and mode, printed with the results. */
  runtime: string;
  start(context: StartContext): Promise<RunningSystem>;
}
