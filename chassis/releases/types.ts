/**
 * The vocabulary of fragment releases: which version of each team's fragments is live (active,
 * canary, previous), and the deployment log's entries. Shared by the store, the composer, the
 * services and the `tessera` CLI.
 */

/** The version a service was built with: rendered in process, its remote at `/assets/`. */
export const BUILT_IN = "built-in";

/** A canary: `share` percent of shoppers (sticky per shopper) get `version`. */
export interface Canary {
  version: string;
  share: number;
}

/** One team's live versions. */
export interface TeamReleases {
  /** The version every shopper outside the canary gets ({@link BUILT_IN} until a first deploy). */
  active: string;
  /** Versions active before, newest first: what `rollback` returns to. */
  previous: string[];
  canary?: Canary;
  updatedAt: string;
}

/** Every team's live versions; `revision` grows with each change. */
export interface ReleaseState {
  revision: number;
  teams: Record<string, TeamReleases>;
}

export type ReleaseAction = "deploy" | "canary" | "promote" | "rollback" | "config";
export type ReleaseResult = "ok" | "refused" | "failed";

/** One line of the deployment log: who did what to which team, from which version to which, when, and how it ended. */
export interface LogEntry {
  at: string;
  by: string;
  action: ReleaseAction;
  team: string;
  version?: string;
  from?: string;
  result: ReleaseResult;
  reason?: string;
  /** Anything else worth keeping (a canary's share, the gate's table). */
  detail?: string;
}

/** Where the release state and the deployment log are kept: a file pair (embedded) or NATS JetStream (distributed). */
export interface ReleaseStore {
  readonly kind: "file" | "nats";
  /** The current state. */
  read(): Promise<ReleaseState>;
  /**
   * Changes the state atomically: `change` gets the current state and returns the next one (its
   * revision is set by the store); retried when another writer got there first.
   */
  update(change: (state: ReleaseState) => ReleaseState): Promise<ReleaseState>;
  /** Appends an entry to the deployment log, durably, before resolving. */
  append(entry: LogEntry): Promise<void>;
  /** The log, newest first (`team` filters, `limit` caps). */
  entries(options?: { team?: string; limit?: number }): Promise<LogEntry[]>;
  /** Calls `listener` with each new state (a change made by any process). Returns an unsubscribe. */
  watch(listener: (state: ReleaseState) => void): () => void;
  close(): Promise<void>;
}

/** The state before anything was deployed. */
export const EMPTY_STATE: ReleaseState = { revision: 0, teams: {} };

/** A team's releases, or the built-in version alone when it never deployed. */
export function teamReleases(state: ReleaseState, team: string): TeamReleases {
  return state.teams[team] ?? { active: BUILT_IN, previous: [], updatedAt: new Date(0).toISOString() };
}
