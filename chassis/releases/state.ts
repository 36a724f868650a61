/**
 * The release state's transitions, pure: deploy (straight to active, or as a canary), promote,
 * rollback and a canary's share. Each returns the next state or throws a {@link RefusedChange}
 * saying why the change makes no sense now.
 */
import { BUILT_IN, type Canary, type ReleaseState, type TeamReleases, teamReleases } from "./types.ts";

/** A change that cannot be made in the current state (the message says why). */
export class RefusedChange extends Error {
  override name = "RefusedChange";
}

/** How many earlier versions a team keeps to roll back to. */
const KEEP_PREVIOUS = 10;

function withTeam(state: ReleaseState, team: string, next: Omit<TeamReleases, "updatedAt">): ReleaseState {
  return {
    revision: state.revision,
    teams: { ...state.teams, [team]: { ...next, updatedAt: new Date().toISOString() } },
  };
}

/** Checks a canary share: a whole percentage from 1 to 99. */
export function checkShare(share: number): number {
  if (!Number.isInteger(share) || share < 1 || share > 99)
    throw new RefusedChange(`a canary share is a whole percentage from 1 to 99 (got ${share})`);
  return share;
}

/** `version` becomes active for everyone (the active one is kept to roll back to). */
export function activate(state: ReleaseState, team: string, version: string): ReleaseState {
  const current = teamReleases(state, team);
  if (current.active === version && !current.canary)
    throw new RefusedChange(`${team} ${version} is already active`);
  const previous = current.active === version ? current.previous : [current.active, ...current.previous];
  return withTeam(state, team, { active: version, previous: previous.slice(0, KEEP_PREVIOUS) });
}

/** `version` goes to `share` percent of shoppers; everyone else keeps the active version. */
export function startCanary(state: ReleaseState, team: string, version: string, share: number): ReleaseState {
  const current = teamReleases(state, team);
  if (current.active === version) throw new RefusedChange(`${team} ${version} is already active`);
  const canary: Canary = { version, share: checkShare(share) };
  return withTeam(state, team, { active: current.active, previous: current.previous, canary });
}

/** Changes the running canary's share. */
export function setCanaryShare(state: ReleaseState, team: string, share: number): ReleaseState {
  const current = teamReleases(state, team);
  if (!current.canary) throw new RefusedChange(`${team} has no canary to change`);
  return withTeam(state, team, { ...current, canary: { ...current.canary, share: checkShare(share) } });
}

/** The canary becomes active for everyone. */
export function promote(state: ReleaseState, team: string): ReleaseState {
  const current = teamReleases(state, team);
  if (!current.canary) throw new RefusedChange(`${team} has no canary to promote`);
  return withTeam(state, team, {
    active: current.canary.version,
    previous: [current.active, ...current.previous].slice(0, KEEP_PREVIOUS),
  });
}

/**
 * Back at once: a running canary is stopped (everyone on the active version); otherwise the
 * version active before this one becomes active again.
 */
export function rollback(state: ReleaseState, team: string): ReleaseState {
  const current = teamReleases(state, team);
  if (current.canary) return withTeam(state, team, { active: current.active, previous: current.previous });
  const [back, ...rest] = current.previous;
  if (!back)
    throw new RefusedChange(
      current.active === BUILT_IN
        ? `${team} was never deployed: it runs its built-in version, there is nothing to roll back to`
        : `${team} has no earlier version to roll back to`,
    );
  return withTeam(state, team, { active: back, previous: rest });
}

/** The versions a team's service may be asked to render now (active and canary). */
export function liveVersions(state: ReleaseState, team: string): Set<string> {
  const current = teamReleases(state, team);
  return new Set([current.active, ...(current.canary ? [current.canary.version] : [])]);
}
