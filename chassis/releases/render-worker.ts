/**
 * A Worker that renders one release of a team's fragments. It imports the release's server bundle
 * in its own JS realm — its own `customElements` registry, so two versions of the same components
 * never meet — and answers render requests with the HTML as a string.
 *
 * Messages in: `{ type: "init", bundle }` once, then `{ id, name, data }`.
 * Messages out: `{ type: "ready" }` or `{ type: "failed", error }`, then `{ id, html }` or `{ id, error }`.
 */
/** The worker's own scope (typed as a Worker: what it posts goes to the service that started it). */
const scope = self as unknown as Worker;

type Renderer = (data: unknown) => unknown;
let renderers: Record<string, Renderer> | undefined;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === "function";
}

/** Collects a Lit render result (nested iterables of strings and promises) into one string. */
async function collect(value: unknown): Promise<string> {
  if (typeof value === "string") return value;
  if (isThenable(value)) return collect(await value);
  if (value && typeof (value as Iterable<unknown>)[Symbol.iterator] === "function") {
    let out = "";
    for (const part of value as Iterable<unknown>) out += await collect(part);
    return out;
  }
  if (value === undefined || value === null) return "";
  // Html values of chassis/html stringify to their markup
  return String(value);
}

scope.onmessage = async (event: MessageEvent) => {
  const message = event.data as {
    type?: "init";
    bundle?: string;
    id?: number;
    name?: string;
    data?: unknown;
  };
  if (message.type === "init") {
    try {
      const module = (await import(message.bundle as string)) as { renderers?: Record<string, Renderer> };
      if (!module.renderers || typeof module.renderers !== "object")
        throw new Error(`${message.bundle} exports no \`renderers\` map`);
      renderers = module.renderers;
      scope.postMessage({ type: "ready", names: Object.keys(renderers) });
    } catch (error) {
      scope.postMessage({ type: "failed", error: (error as Error).message });
    }
    return;
  }
  const { id, name = "" } = message;
  try {
    const render = renderers?.[name];
    if (!render) throw new Error(`this release has no renderer "${name}"`);
    scope.postMessage({ id, html: await collect(render(message.data)) });
  } catch (error) {
    scope.postMessage({ id, error: (error as Error).message });
  }
};
