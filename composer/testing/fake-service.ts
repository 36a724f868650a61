/** Test support: a stand-in service instance on a free port, registered in a registry. */
import type { Registry, ServiceInstance } from "@tessera/chassis/registry";

export interface FakeInstance {
  instance: ServiceInstance;
  url: string;
  /** Requests this instance received. */
  requests: Request[];
  /** Removes the registration and stops the server. */
  stop(): Promise<void>;
}

/** Starts `fetch` on 127.0.0.1 and registers it as an instance of `name`. */
export async function fakeInstance(
  registry: Registry,
  name: string,
  fetch: (request: Request) => Response | Promise<Response>,
  id = `${name}-${crypto.randomUUID()}`,
): Promise<FakeInstance> {
  const requests: Request[] = [];
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch: (request) => {
      requests.push(request);
      return fetch(request);
    },
  });
  const url = `http://127.0.0.1:${server.port}`;
  const instance: ServiceInstance = {
    id,
    name,
    version: "1.0.0",
    url,
    health: "up",
    manifest: "/fragments/manifest.json",
    renewedAt: Date.now(),
  };
  await registry.put(instance);
  return {
    instance,
    url,
    requests,
    async stop() {
      await registry.remove(id);
      server.stop(true);
    },
  };
}

/** A manifest declaring `fragments` (name → endpoint) for team `team`. */
export function manifestOf(team: string, fragments: Record<string, string>, fallback = "") {
  return {
    team,
    version: "1.0.0",
    fragments: Object.fromEntries(
      Object.entries(fragments).map(([n, endpoint]) => [n, { endpoint, fallback }]),
    ),
    assets: { js: [], css: [] },
  };
}
