/**
 * How long a stock command that finds none being applied waits for others to share its
 * transaction (`batchedApplyOnce`'s `gatherMs`): a few milliseconds of a saga step's latency for
 * one `begin`/`commit`, one id insert and one set of row locks per batch instead of per command.
 */
export const COMMAND_GATHER_MS = 5;
