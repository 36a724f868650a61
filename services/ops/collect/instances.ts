/**
 * What ops knows of the running system: the instances in the registry (validated and on an
 * allowed host, as the composer reads them), each asked for its readiness, and the circuit
 * breakers the composers report.
 */
import { acceptInstances, type Registry, type ServiceInstance } from "@tessera/chassis/registry";
import type { ComposerBoard } from "./composers.ts";

export interface InstanceHealth extends ServiceInstance {
  /** What `/health/ready` said: up, down, draining, or unreachable (no answer). */
  ready: "up" | "down" | "draining" | "unreachable";
  checks: Record<string, { status: string; error?: string }>;
  error?: string;
}

export interface Breaker {
  instance: string;
  service: string;
  url: string;
  state: string;
}

export interface SystemView {
  instances(): Promise<ServiceInstance[]>;
  health(): Promise<InstanceHealth[]>;
  /** The breakers of every composer that reports to ops. */
  breakers(): Promise<{ breakers: Breaker[]; error?: string }>;
  /** Base URLs whose `/metrics` ops scrapes: every instance and every composer. */
  scrapeTargets(): Promise<{ service: string; instance: string; url: string }[]>;
}

export interface SystemViewOptions {
  registry: Registry | undefined;
  allowedHosts: Set<string>;
  composers: ComposerBoard;
  timeoutMs: number;
  fetch?: (url: string, init?: RequestInit) => Promise<Response>;
}

export function createSystemView(options: SystemViewOptions): SystemView {
  const get = options.fetch ?? ((url: string, init?: RequestInit) => fetch(url, init));
  const instances = async () => {
    if (!options.registry) return [];
    const { accepted } = acceptInstances(await options.registry.entries(), options.allowedHosts);
    return accepted.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  };

  async function probe(instance: ServiceInstance): Promise<InstanceHealth> {
    try {
      const response = await get(`${instance.url}/health/ready`, {
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const body = (await response.json().catch(() => ({}))) as {
        status?: string;
        checks?: InstanceHealth["checks"];
      };
      const ready = body.status === "draining" ? "draining" : response.ok ? "up" : "down";
      return { ...instance, ready, checks: body.checks ?? {} };
    } catch (error) {
      return { ...instance, ready: "unreachable", checks: {}, error: (error as Error).message };
    }
  }

  return {
    instances,
    async health() {
      return Promise.all((await instances()).map(probe));
    },
    async breakers() {
      const composers = options.composers.list();
      if (composers.length === 0)
        return {
          breakers: [],
          error: "No composer has reported to ops in the last 30 s (is its OPS_URL set?)",
        };
      return { breakers: composers.flatMap((c) => c.breakers) };
    },
    async scrapeTargets() {
      const targets = (await instances()).map((i) => ({ service: i.name, instance: i.id, url: i.url }));
      for (const composer of options.composers.list())
        targets.push({ service: "composer", instance: composer.id, url: composer.url });
      return targets;
    },
  };
}
