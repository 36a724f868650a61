/**
 * One circuit breaker per service instance (cockatiel): it opens after consecutive failures,
 * lets one probe through once `halfOpenAfterMs` has passed (half-open), and closes again when
 * the probe succeeds. An open instance is skipped by the balancer.
 */
import {
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleAll,
} from "cockatiel";
import type { Logger } from "pino";

export { CircuitState };

export interface BreakerOptions {
  /** Consecutive failures that open the circuit. */
  failures: number;
  /** How long an open circuit waits before a half-open probe. */
  halfOpenAfterMs: number;
  log: Logger;
}

/** The breakers, by instance id. */
export interface Breakers {
  get(instanceId: string): CircuitBreakerPolicy;
  /** True when a call to the instance may be tried now (closed, or open long enough to probe). */
  available(instanceId: string): boolean;
  state(instanceId: string): CircuitState;
}

export function createBreakers(options: BreakerOptions): Breakers {
  const breakers = new Map<string, { policy: CircuitBreakerPolicy; openedAt: number }>();
  const entry = (id: string) => {
    let found = breakers.get(id);
    if (!found) {
      const policy = circuitBreaker(handleAll, {
        halfOpenAfter: options.halfOpenAfterMs,
        breaker: new ConsecutiveBreaker(options.failures),
      });
      const created = { policy, openedAt: 0 };
      policy.onBreak(() => {
        created.openedAt = Date.now();
        options.log.warn(
          { instance: id },
          "circuit opened: the instance gets no traffic until a probe succeeds",
        );
      });
      policy.onHalfOpen(() => options.log.info({ instance: id }, "circuit half-open: probing the instance"));
      policy.onReset(() =>
        options.log.info({ instance: id }, "circuit closed: the instance gets traffic again"),
      );
      breakers.set(id, created);
      found = created;
    }
    return found;
  };
  return {
    get: (id) => entry(id).policy,
    available(id) {
      const found = breakers.get(id);
      if (!found) return true;
      const state = found.policy.state;
      if (state === CircuitState.Closed) return true;
      if (state === CircuitState.Open) return Date.now() - found.openedAt >= options.halfOpenAfterMs;
      return false;
    },
    state: (id) => breakers.get(id)?.policy.state ?? CircuitState.Closed,
  };
}
