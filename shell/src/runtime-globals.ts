/**
 * The Module Federation runtime the remotes share: each remoteEntry is built without it
 * (`experiments.externalRuntime` and the externals in fragments/remote.config.mjs) and reads it
 * from these globals, which the shell sets before it registers any remote. One copy per page.
 */
import * as runtime from "@module-federation/runtime";
import * as runtimeHelpers from "@module-federation/runtime/helpers";
import * as runtimeCore from "@module-federation/runtime-core";
import { decodeName, ENCODE_NAME_PREFIX } from "@module-federation/sdk";

const g = globalThis as Record<string, unknown>;
g._FEDERATION_RUNTIME_CORE = runtimeCore;
g._TESSERA_MF_RUNTIME = runtime;
g._TESSERA_MF_RUNTIME_HELPERS = runtimeHelpers;
// what the bundler runtime in a remoteEntry reads from the sdk (its remotes loading), not all of it
g._TESSERA_MF_SDK = { decodeName, ENCODE_NAME_PREFIX };
