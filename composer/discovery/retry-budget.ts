/**
 * A retry budget (Finagle's and Envoy's idea): every request deposits `ratio` of a token, a retry
 * spends a whole one, and the bucket holds at most `reserve` tokens — so retries stay a bounded
 * fraction of traffic and cannot multiply load on a struggling service.
 */
export interface RetryBudget {
  /** Records a first attempt. */
  deposit(): void;
  /** Takes a token for a retry; false when the budget is spent. */
  withdraw(): boolean;
}

export function createRetryBudget(options: { ratio: number; reserve: number }): RetryBudget {
  let tokens = options.reserve;
  return {
    deposit() {
      tokens = Math.min(options.reserve, tokens + options.ratio);
    },
    withdraw() {
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
