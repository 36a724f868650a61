/**
 * The shell's Module Federation runtime. It knows no remote at build time: the page lists them.
 */
import { createInstance, type ModuleFederation } from "@module-federation/enhanced/runtime";
import { sharedModules } from "./shared";

export type { ModuleFederation };

/** Creates the `tessera_shell` federation instance, providing lit to the remotes. */
export function createFederation(): ModuleFederation {
  return createInstance({ name: "tessera_shell", remotes: [], shared: sharedModules });
}
