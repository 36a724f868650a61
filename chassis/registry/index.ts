/**
 * The service registry: each instance registers itself (name, version, URL, health, manifest)
 * and renews a lease; readers (the composer) validate entries and accept only allowed hosts.
 *
 * @example
 * const registry = createMemoryRegistry();
 * const registration = await register(registry, instance);
 * const { accepted } = acceptInstances(await registry.entries(), parseAllowedHosts("127.0.0.1"));
 */
export { acceptInstances, parseAllowedHosts, type RejectedEntry } from "./accept.ts";
export { type RegistryEnv, registryEnv } from "./env.ts";
export { createMemoryRegistry, createStaticRegistry, type MemoryRegistryOptions } from "./memory.ts";
export { type OpenRegistryOptions, openRegistry } from "./open.ts";
export { type RegisterOptions, type Registration, register } from "./registration.ts";
export { type Registry, ServiceInstance } from "./types.ts";
