/**
 * Loads, through Module Federation, the module that defines a custom element — once per module,
 * however many elements or requests ask. Defining an element hydrates its server-rendered
 * declarative shadow root. A failure is logged, dispatched as `tessera:fragment-load-failed` and
 * reported to the composer; the server-rendered HTML stays as it is.
 */
import { emit, FRAGMENT_LOAD_FAILED } from "./events";
import type { ModuleFederation } from "./federation";
import type { FederationData } from "./page-data";
import { preloadModule } from "./preload";
import type { ReportKind } from "./report";
import { messageOf } from "./report";

/** Thrown when a module loaded but did not define the element it is listed for. */
export class ElementNotDefinedError extends Error {
  override name = "ElementNotDefinedError";
}

export interface LoaderOptions {
  federation: ModuleFederation;
  data: FederationData;
  report: (kind: ReportKind, error: unknown, module: string) => void;
}

export interface Loader {
  /** Whether `tag` is one the page lists a module for. */
  knows(tag: string): boolean;
  /** Loads `module` and checks it defined `tag`; settles once, whoever asks again. Rejects on failure. */
  define(module: string, tag: string): Promise<void>;
  /** Loads the listed module of `tag`; false when it failed (already reported). */
  load(tag: string): Promise<boolean>;
  /** Modules loaded, and those that failed (with the message). */
  loaded: string[];
  failed: { module: string; error: string }[];
}

export function createLoader({ federation, data, report }: LoaderOptions): Loader {
  const pending = new Map<string, Promise<void>>();
  const loader: Loader = {
    loaded: [],
    failed: [],
    knows: (tag) => tag in data.components,
    define(module, tag) {
      let promise = pending.get(module);
      if (!promise) {
        promise = (async () => {
          // the remote's entry and the module's chunk download while the runtime reads the manifest
          const remote = data.remotes.find((r) => r.alias === module.split("/")[0]);
          if (remote) preloadModule(remote, module);
          await federation.loadRemote(module);
          if (!customElements.get(tag)) throw new ElementNotDefinedError(`${module} did not define <${tag}>`);
          loader.loaded.push(module);
        })();
        promise.catch((error: unknown) => {
          console.error(`[tessera] failed to load ${module} for <${tag}>`, error);
          const detail = { module, error: messageOf(error) };
          loader.failed.push(detail);
          emit(FRAGMENT_LOAD_FAILED, detail);
          report(
            error instanceof ElementNotDefinedError ? "element-undefined" : "remote-load",
            error,
            module,
          );
        });
        pending.set(module, promise);
      }
      return promise;
    },
    async load(tag) {
      const module = data.components[tag];
      if (!module) return false;
      try {
        await loader.define(module, tag);
        return true;
      } catch {
        return false;
      }
    },
  };
  return loader;
}
