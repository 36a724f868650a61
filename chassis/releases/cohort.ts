/**
 * Which version a shopper gets: everyone gets the team's active version except the canary's share
 * of shoppers, chosen by a hash of their cohort id (a long-lived cookie) and the team — so a
 * shopper keeps their version across page views, and each team's canary picks its own shoppers.
 */
import { createHash } from "node:crypto";
import { type ReleaseState, teamReleases } from "./types.ts";

/** A 0–99 bucket for a cohort id and a team, the same in every process. */
export function bucket(cohort: string, team: string): number {
  return createHash("sha256").update(`${team}\0${cohort}`).digest().readUInt32BE(0) % 100;
}

/** The version of `team` the shopper with `cohort` gets. */
export function versionFor(state: ReleaseState, team: string, cohort: string): string {
  const releases = teamReleases(state, team);
  if (releases.canary && bucket(cohort, team) < releases.canary.share) return releases.canary.version;
  return releases.active;
}

/** The version of every team that has releases, for one shopper: one snapshot for a whole page. */
export function versionsFor(state: ReleaseState, cohort: string): Record<string, string> {
  return Object.fromEntries(Object.keys(state.teams).map((team) => [team, versionFor(state, team, cohort)]));
}

/** A new cohort id (128 random bits, base64url). */
export function newCohort(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64url");
}
