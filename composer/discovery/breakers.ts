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
  /**
   * Runs `fn` through the instance's breaker (cockatiel's `execute`). While the circuit
   * is closed and no failure is counted, `fn` runs as it is (a success would reset a count that
   * is zero already): its failure is then counted by the breaker, which may open the circuit,
   * and calls go through the breaker until a success resets the count.
   */
  call<T>(instanceId: string, fn: () => Promise<T>): Promise<T>;
  /**
   * For a caller that reads a call's outcome itself (the upstream's one step per call): true when
   * `call` would run it as it is (closed circuit, no failure counted). The caller then runs it and
   * reports how it ended with {@link succeeded} or {@link failed}; when false, it uses `call`.
   */
  direct(instanceId: string): boolean;
  /** A call run directly succeeded: resets a failure counted meanwhile. */
  succeeded(instanceId: string): void;
  /** A call run directly failed: counted by the breaker, which may open the circuit. */
  failed(instanceId: string, error: unknown): void;
  /** True when a call to the instance may be tried now (closed, or open long enough to probe). */
  available(instanceId: string): boolean;
  state(instanceId: string): CircuitState;
}

/** An instance's breaker, when it opened, and whether a failure is counted since the last success. */
interface Breaker {
  policy: CircuitBreakerPolicy;
  openedAt: number;
  failing: boolean;
}

export function createBreakers(options: BreakerOptions): Breakers {
  const breakers = new Map<string, Breaker>();
  const entry = (id: string) => {
    let found = breakers.get(id);
    if (!found) {
      const policy = circuitBreaker(handleAll, {
        halfOpenAfter: options.halfOpenAfterMs,
        breaker: new ConsecutiveBreaker(options.failures),
      });
      const created: Breaker = { policy, openedAt: 0, failing: false };
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
  /** Tells a closed circuit what a call made without it ended with (a later state ignores it, as the breaker does). */
  const count = (found: Breaker, outcome: () => Promise<unknown>) => {
    if (found.policy.state === CircuitState.Closed) found.policy.execute(outcome).catch(() => {});
  };
  const direct = (found: Breaker) => !found.failing && found.policy.state === CircuitState.Closed;
  const succeeded = (found: Breaker) => {
    // a failure counted meanwhile: this success resets the count, as it would have
    if (found.failing) {
      found.failing = false;
      count(found, () => Promise.resolve());
    }
  };
  const failed = (found: Breaker, error: unknown) => {
    found.failing = true;
    count(found, () => Promise.reject(error));
  };
  return {
    call<T>(id: string, fn: () => Promise<T>): Promise<T> {
      const found = entry(id);
      if (!direct(found))
        return found.policy.execute(fn).then((value) => {
          found.failing = false;
          return value;
        });
      return fn().then(
        (value) => {
          succeeded(found);
          return value;
        },
        (error) => {
          failed(found, error);
          throw error;
        },
      );
    },
    direct: (id) => direct(entry(id)),
    succeeded: (id) => succeeded(entry(id)),
    failed: (id, error) => failed(entry(id), error),
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

/** A 5xx answer, counted by an instance's breaker as a failed call (thrown inside it, then unwrapped). */
export class FailedStatus<T> extends Error {
  constructor(
    readonly answer: T,
    status: number,
  ) {
    super(`answered ${status}`);
  }
}
