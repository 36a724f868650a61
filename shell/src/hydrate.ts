/**
 * Loads, through Module Federation, the modules that define the page's server-rendered custom
 * elements. Defining an element hydrates its declarative shadow root.
 */
import { emit, FRAGMENT_LOAD_FAILED, type FragmentLoadFailedDetail, type HydratedDetail } from "./events";
import type { ModuleFederation } from "./federation";
import type { FederationData } from "./page-data";

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Loads the module for `tag` and checks it did define the element. */
async function loadComponent(federation: ModuleFederation, tag: string, module: string): Promise<void> {
  await federation.loadRemote(module);
  if (!customElements.get(tag)) throw new Error(`${module} did not define <${tag}>`);
}

/**
 * Registers the page's remotes, then loads in parallel the module of every listed tag present in
 * `root` and not yet defined. A failure is logged and reported as `tessera:fragment-load-failed`;
 * it does not stop the others. Resolves once every load has settled.
 */
export async function hydrateFragments(
  federation: ModuleFederation,
  data: FederationData,
  root: ParentNode = document,
): Promise<HydratedDetail> {
  if (data.remotes.length > 0) federation.registerRemotes(data.remotes);
  const wanted = Object.entries(data.components).filter(
    ([tag]) => !customElements.get(tag) && root.querySelector(tag) !== null,
  );
  const loaded: string[] = [];
  const failed: FragmentLoadFailedDetail[] = [];
  await Promise.all(
    wanted.map(async ([tag, module]) => {
      try {
        await loadComponent(federation, tag, module);
        loaded.push(module);
      } catch (error) {
        console.error(`[tessera] failed to load ${module} for <${tag}>`, error);
        const detail = { module, error: message(error) };
        failed.push(detail);
        emit(FRAGMENT_LOAD_FAILED, detail);
      }
    }),
  );
  return { loaded, failed };
}
