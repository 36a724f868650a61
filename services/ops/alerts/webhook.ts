/**
 * The alert hook: when an exception is seen for the first time, or comes back after it was
 * resolved, a JSON alert is POSTed to OPS_ALERT_WEBHOOK_URL (retried with backoff; an alert
 * that still fails is logged, never thrown at the ingesting request).
 */
import type { Logger } from "pino";
import type { GroupChange, GroupView } from "../store/exceptions.ts";

export interface Alert {
  event: "exception.new" | "exception.regression";
  fingerprint: string;
  service: string;
  kind: string;
  type: string;
  message: string;
  release: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  traceId: string | null;
  /** The exceptions page for this fingerprint. */
  link: string;
}

export interface AlerterOptions {
  url: string | undefined;
  /** The storefront's base URL, for the link. */
  publicUrl: string;
  log: Logger;
  attempts?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
  fetch?: (input: Request) => Promise<Response>;
}

export interface Alerter {
  /** Sends the alert for a group change that needs one (new, regression); resolves when done. */
  notify(group: GroupView, change: GroupChange): Promise<"sent" | "failed" | "skipped">;
  /** Waits for alerts in flight. */
  idle(): Promise<void>;
}

export function createAlerter(options: AlerterOptions): Alerter {
  const send = options.fetch ?? ((request: Request) => fetch(request));
  const attempts = options.attempts ?? 4;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const inFlight = new Set<Promise<unknown>>();

  async function deliver(alert: Alert): Promise<"sent" | "failed"> {
    let last = "";
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const response = await send(
          new Request(options.url as string, {
            method: "POST",
            headers: { "content-type": "application/json", "user-agent": "tessera-ops/alerts" },
            body: JSON.stringify(alert),
            signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
          }),
        );
        await response.body?.cancel().catch(() => {});
        if (response.ok) {
          options.log.info({ fingerprint: alert.fingerprint, event: alert.event, attempt }, "alert sent");
          return "sent";
        }
        last = `HTTP ${response.status}`;
        if (response.status < 500 && response.status !== 429) break;
      } catch (error) {
        last = (error as Error).message;
      }
      if (attempt < attempts) await Bun.sleep(retryDelayMs * 2 ** (attempt - 1));
    }
    options.log.warn(
      { fingerprint: alert.fingerprint, event: alert.event, error: last },
      "alert not delivered",
    );
    return "failed";
  }

  return {
    async notify(group, change) {
      if (!options.url || change === "repeat") return "skipped";
      const alert: Alert = {
        event: change === "new" ? "exception.new" : "exception.regression",
        fingerprint: group.fingerprint,
        service: group.service,
        kind: group.kind,
        type: group.type,
        message: group.message,
        release: group.lastRelease,
        count: group.count,
        firstSeen: group.firstSeen,
        lastSeen: group.lastSeen,
        traceId: group.lastTraceId,
        link: `${options.publicUrl.replace(/\/$/, "")}/ops/exceptions/${group.fingerprint}`,
      };
      const delivery = deliver(alert);
      inFlight.add(delivery);
      try {
        return await delivery;
      } finally {
        inFlight.delete(delivery);
      }
    },
    async idle() {
      await Promise.allSettled([...inFlight]);
    },
  };
}
