/**
 * Finds the edges between teams by reading the code, and the contract that covers each one.
 *
 * - fragment: a `<tessera-fragment service="X" name="Y">` tag (or a page route's
 *   `service="X" name="Y"`) in a team's fragment source or the composer's page templates;
 *   the consumer is that team (or `composer`), the provider X.
 * - http: the composer reads every fragment provider's `GET /fragments/manifest.json`; a service
 *   whose config has `<OTHER>_URL` calls the paths it builds with `new URL("/…", …)`.
 * - http from the browser (consumer `<team>-web`, a team's components in `fragments/<team>/src`):
 *   every `<form method="post" action="/…">`, whose path the composer's form proxy routes to a
 *   service (`composer/routes/forms.ts`), and every `/api/<service>/…` URL the components call
 *   through the gateway, recorded as the service sees it (`/api/…`, `${…}` as `{param}`) with the
 *   method the call names (`method: "POST"`, else GET).
 * - message: a service publishes a subject when it `enqueue`s its constant (or builds an outgoing
 *   message `{ subject: CONSTANT, payload }` for `enqueueAll`) and consumes it when
 *   its code names the constant otherwise (a `consume`, a reply switch); subjects and constants
 *   come from contracts/events.
 * - dom: the component that `new CustomEvent(NAME…)`s and each one that `addEventListener(NAME…)`s,
 *   names from contracts/dom-events.
 * - module (consumer `shell`): every federated module the shell loads, `alias/expose` — a service's
 *   fragment manifest entry `{ element, module }` and a component's region request
 *   `{ module, element }` (`tessera:region-requested`); the provider is the team (alias).
 * - http from the shell: a `/_tessera/…` path it gives `sendBeacon` (POST) or `fetch` (its
 *   method), provider `composer` (with the route file naming the path).
 *
 * A contract is found in the pacts the consumer tests wrote (an interaction with that path or
 * subject) or, for DOM events and the shell's edges, in the tests that check both sides.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export const ROOT = join(import.meta.dir, "..", "..");
const PACTS = join(ROOT, "contracts", "pacts");

export type EdgeType = "fragment" | "http" | "message" | "dom" | "module";

export interface Edge {
  id: string;
  type: EdgeType;
  consumer: string;
  provider: string;
  /** What crosses: a fragment name, `GET /path`, a subject, a DOM event name, a module `alias/expose`. */
  what: string;
  /** Where the code creates the edge (repo-relative files). */
  found: string[];
  /** The pact file or test that covers it, or null when none does. */
  contract: string | null;
  /** Why an edge carries no pact (proxies, subjects without subscribers). */
  note?: string;
}

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.ts$/.test(name) && !/\.test\.ts$/.test(name) && !/test-support|testing\//.test(path))
      out.push(path);
  }
  return out;
}

const rel = (path: string) => relative(ROOT, path);
const read = (path: string) => readFileSync(path, "utf8");
const teams = (base: string) =>
  existsSync(join(ROOT, base))
    ? readdirSync(join(ROOT, base))
        .filter((n) => statSync(join(ROOT, base, n)).isDirectory())
        .sort()
    : [];

/** `export const NAME = "value"` pairs in a folder's files. */
function constants(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of walk(join(ROOT, dir)))
    for (const m of read(file).matchAll(/export const ([A-Z_]+) = "([^"]+)"/g))
      found.set(m[1] as string, m[2] as string);
  return found;
}

interface PactInteraction {
  type?: string;
  request?: { method?: string; path?: string };
  metadata?: { subject?: string };
}
function pactInteractions(consumer: string, provider: string): PactInteraction[] {
  const file = join(PACTS, `${consumer}-${provider}.json`);
  if (!existsSync(file)) return [];
  return (JSON.parse(read(file)) as { interactions: PactInteraction[] }).interactions;
}
const pactRef = (consumer: string, provider: string) => `contracts/pacts/${consumer}-${provider}.json`;

function httpContract(consumer: string, provider: string, method: string, path: string): string | null {
  const hit = pactInteractions(consumer, provider).some(
    (i) => i.request?.method === method && i.request?.path === path,
  );
  return hit ? pactRef(consumer, provider) : null;
}

/** Like {@link httpContract}, for a path with `{param}` segments (any value in the pact). */
function httpPatternContract(
  consumer: string,
  provider: string,
  method: string,
  path: string,
): string | null {
  const pattern = new RegExp(
    `^${path
      .split(/\{[^}]*\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("[^/]+")}$`,
  );
  const hit = pactInteractions(consumer, provider).some(
    (i) => i.request?.method === method && pattern.test(i.request?.path ?? ""),
  );
  return hit ? pactRef(consumer, provider) : null;
}

function messageContract(consumer: string, provider: string, subject: string): string | null {
  const hit = pactInteractions(consumer, provider).some((i) => i.metadata?.subject === subject);
  return hit ? pactRef(consumer, provider) : null;
}

function add(edges: Map<string, Edge>, edge: Omit<Edge, "id">, file: string): void {
  const id = `${edge.type}:${edge.consumer}->${edge.provider}:${edge.what}`;
  const known = edges.get(id);
  if (known) {
    if (!known.found.includes(file)) known.found.push(file);
    return;
  }
  edges.set(id, { id, ...edge, found: [file] });
}

// ---- fragments ----

function fragmentEdges(edges: Map<string, Edge>): Set<string> {
  const providers = new Set<string>();
  const sources: [string, string][] = [
    ...teams("fragments").flatMap((team) =>
      walk(join(ROOT, "fragments", team, "src")).map((f): [string, string] => [team, f]),
    ),
    ...walk(join(ROOT, "composer", "pages")).map((f): [string, string] => ["composer", f]),
  ];
  for (const [consumer, file] of sources) {
    const text = read(file);
    const pattern =
      consumer === "composer"
        ? /service="([a-z][a-z0-9-]*)"\s+name="([a-z][a-z0-9-]*)"/g
        : /<tessera-fragment\s+service="([a-z][a-z0-9-]*)"\s+name="([a-z][a-z0-9-]*)"/g;
    for (const m of text.matchAll(pattern)) {
      const [provider, name] = [m[1] as string, m[2] as string];
      if (provider === consumer) continue;
      providers.add(provider);
      add(
        edges,
        {
          type: "fragment",
          consumer,
          provider,
          what: `${provider}/${name}`,
          found: [],
          contract: httpContract(consumer, provider, "GET", `/fragments/${name}`),
        },
        rel(file),
      );
    }
  }
  return providers;
}

// ---- HTTP ----

function httpEdges(edges: Map<string, Edge>, fragmentProviders: Set<string>): void {
  const services = teams("services");
  // The composer's manifest store reads the manifest of every service serving one.
  const manifestReader = walk(join(ROOT, "composer")).find((f) =>
    read(f).includes("FragmentManifest.parse("),
  );
  const serving = services.filter((service) =>
    walk(join(ROOT, "services", service)).some((f) => read(f).includes('.get("/manifest.json"')),
  );
  if (manifestReader)
    for (const provider of [...new Set([...serving, ...fragmentProviders])].sort())
      add(
        edges,
        {
          type: "http",
          consumer: "composer",
          provider,
          what: "GET /fragments/manifest.json",
          found: [],
          contract: httpContract("composer", provider, "GET", "/fragments/manifest.json"),
        },
        rel(manifestReader),
      );
  // Service → service: `<OTHER>_URL` in its config, `new URL("/path", …)` in its code.
  for (const consumer of services) {
    const config = join(ROOT, "services", consumer, "config.ts");
    if (!existsSync(config)) continue;
    for (const m of read(config).matchAll(/\b([A-Z]+)_URL\b/g)) {
      const provider = (m[1] as string).toLowerCase();
      if (provider === consumer || !services.includes(provider)) continue;
      for (const file of walk(join(ROOT, "services", consumer)))
        for (const call of read(file).matchAll(/new URL\("(\/[^"?]+)"/g)) {
          const path = call[1] as string;
          add(
            edges,
            {
              type: "http",
              consumer,
              provider,
              what: `GET ${path}`,
              found: [],
              contract: httpContract(consumer, provider, "GET", path),
            },
            rel(file),
          );
        }
    }
  }
}

// ---- browser → services, through the composer ----

/** The composer's form proxy: path prefix (`checkout`) → the service it forwards to. */
export function formProxies(): Map<string, string> {
  const file = join(ROOT, "composer", "routes", "forms.ts");
  const found = new Map<string, string>();
  if (!existsSync(file)) return found;
  for (const m of read(file).matchAll(
    /\.post\(\s*"\/([a-z][a-z0-9-]*)\/\*"[\s\S]*?forward\([^,]+,[^,]+,\s*"([a-z][a-z0-9-]*)"/g,
  ))
    found.set(m[1] as string, m[2] as string);
  return found;
}

/** `/api/catalog/products/${sku}` → the service and the path it sees: `/api/products/{sku}`. */
function gatewayPath(url: string): { provider: string; path: string } | undefined {
  const m = /^\/api\/([a-z][a-z0-9-]*)(\/.*)?$/.exec(url.split("?")[0] as string);
  if (!m) return undefined;
  const rest = (m[2] ?? "/").replace(
    /\$\{([^}]*)\}/g,
    (_, inner: string) => `{${(inner.match(/[A-Za-z_$][\w$]*/g) ?? ["param"]).at(-1)}}`,
  );
  return { provider: m[1] as string, path: `/api${rest}` };
}

/** A call a team's browser code makes to a service, as the service sees it. */
export interface BrowserCall {
  provider: string;
  method: string;
  path: string;
}

/**
 * The calls in one component source: its post forms (routed by the composer's form proxy,
 * `prefix → service`) and the `/api/<service>/…` URLs it names, with the method named near the URL.
 */
export function browserCalls(text: string, formProxy: Map<string, string>): BrowserCall[] {
  const calls: BrowserCall[] = [];
  for (const m of text.matchAll(/<form\b[^>]*>/gi)) {
    const tag = m[0];
    if (!/\smethod=["']?post\b/i.test(tag)) continue;
    const action = /\saction=["'](\/[^"'?#]*)/.exec(tag)?.[1];
    const provider = action ? formProxy.get(action.split("/")[1] ?? "") : undefined;
    if (action && provider) calls.push({ provider, method: "POST", path: action });
  }
  for (const m of text.matchAll(/["'`](\/api\/[a-z][a-z0-9-]*\/[^"'`\s]*)["'`]/g)) {
    const target = gatewayPath(m[1] as string);
    if (!target) continue;
    // The call's options follow the URL (`fetch(url, { method: "POST" })`) before the statement ends.
    const start = (m.index ?? 0) + m[0].length;
    const rest = (text.slice(start, start + 240).split(/\bfetch\(|;/)[0] ?? "") as string;
    const method = (/method:\s*["'`]([A-Za-z]+)["'`]/.exec(rest)?.[1] ?? "GET").toUpperCase();
    calls.push({ provider: target.provider, method, path: target.path });
  }
  return calls;
}

function browserEdges(edges: Map<string, Edge>): void {
  const services = teams("services");
  const forms = formProxies();
  for (const team of teams("fragments")) {
    const consumer = `${team}-web`;
    for (const file of walk(join(ROOT, "fragments", team, "src")))
      for (const { provider, method, path } of browserCalls(read(file), forms)) {
        if (!services.includes(provider)) continue;
        add(
          edges,
          {
            type: "http",
            consumer,
            provider,
            what: `${method} ${path}`,
            found: [],
            contract: path.includes("{")
              ? httpPatternContract(consumer, provider, method, path)
              : httpContract(consumer, provider, method, path),
          },
          rel(file),
        );
      }
  }
}

// ---- messages ----

function messageEdges(edges: Map<string, Edge>): void {
  const subjects = constants("contracts/events");
  const publishers = new Map<string, { service: string; file: string }[]>();
  const consumers = new Map<string, { service: string; file: string }[]>();
  for (const service of teams("services"))
    for (const file of walk(join(ROOT, "services", service))) {
      const text = read(file);
      for (const [constant, subject] of subjects) {
        const uses = [...text.matchAll(new RegExp(`\\b${constant}\\b`, "g"))].length;
        if (uses === 0) continue;
        const imports = [...text.matchAll(new RegExp(`import[^;]*\\b${constant}\\b[^;]*;`, "g"))].length;
        // `enqueue(tx, SUBJECT, …)`, or an outgoing message `{ subject: SUBJECT, payload }` for `enqueueAll`
        const enqueues = [
          ...text.matchAll(
            new RegExp(
              `enqueue\\(\\s*\\w+\\s*,\\s*${constant}\\b|\\bsubject:\\s*${constant}\\s*,\\s*payload\\b`,
              "g",
            ),
          ),
        ].length;
        if (enqueues > 0)
          publishers.set(subject, [...(publishers.get(subject) ?? []), { service, file: rel(file) }]);
        if (uses - imports - enqueues > 0)
          consumers.set(subject, [...(consumers.get(subject) ?? []), { service, file: rel(file) }]);
      }
    }
  for (const [subject, pubs] of publishers)
    for (const pub of pubs) {
      const subs = (consumers.get(subject) ?? []).filter((c) => c.service !== pub.service);
      if (subs.length === 0) {
        add(
          edges,
          {
            type: "message",
            consumer: "subscribers",
            provider: pub.service,
            what: subject,
            found: [],
            contract: messageContract("subscribers", pub.service, subject),
            note: "no subscriber in the code: the published v1 schema is the contract",
          },
          pub.file,
        );
        continue;
      }
      for (const sub of subs) {
        add(
          edges,
          {
            type: "message",
            consumer: sub.service,
            provider: pub.service,
            what: subject,
            found: [],
            contract: messageContract(sub.service, pub.service, subject),
          },
          pub.file,
        );
        const edge = edges.get(`message:${sub.service}->${pub.service}:${subject}`);
        if (edge && !edge.found.includes(sub.file)) edge.found.push(sub.file);
      }
    }
}

// ---- DOM events ----

function domEdges(edges: Map<string, Edge>): void {
  const names = constants("contracts/dom-events");
  const domTest = join(ROOT, "contracts", "tests", "dom-events.contract.test.ts");
  const tested = existsSync(domTest) ? read(domTest) : "";
  const sources = [
    ...teams("fragments").flatMap((team) =>
      walk(join(ROOT, "fragments", team, "src")).map((f): [string, string] => [team, f]),
    ),
    ...walk(join(ROOT, "shell", "src")).map((f): [string, string] => ["shell", f]),
  ];
  for (const [constant, event] of names) {
    const ref = new RegExp(`(\\b${constant}\\b|"${event}")`);
    const dispatchers = sources.filter(([, f]) =>
      new RegExp(`new CustomEvent(<[^>]*>)?\\(${ref.source}`).test(read(f)),
    );
    const listeners = sources.filter(([, f]) => new RegExp(`addEventListener\\(${ref.source}`).test(read(f)));
    const covered = new RegExp(`\\b${constant}\\b`).test(tested) ? rel(domTest) : null;
    for (const [provider, file] of dispatchers) {
      if (listeners.length === 0)
        add(
          edges,
          {
            type: "dom",
            consumer: "listeners",
            provider,
            what: event,
            found: [],
            contract: covered,
            note: "no listener in the code: the dispatcher is checked against the declared detail type",
          },
          rel(file),
        );
      for (const [consumer, listenerFile] of listeners) {
        add(edges, { type: "dom", consumer, provider, what: event, found: [], contract: covered }, rel(file));
        const edge = edges.get(`dom:${consumer}->${provider}:${event}`);
        if (edge && !edge.found.includes(rel(listenerFile))) edge.found.push(rel(listenerFile));
      }
    }
  }
}

// ---- the shell: federated modules and its reports ----

export const SHELL_MODULES_TEST = join(ROOT, "contracts", "tests", "shell-modules.contract.test.ts");
export const SHELL_HTTP_TEST = join(ROOT, "contracts", "tests", "shell-client-errors.contract.test.ts");

/** A federated module the shell loads: `alias/expose` and the custom element loading it defines. */
export interface ShellModule {
  /** The team whose remote exposes it (the fragments folder named by the alias). */
  team: string;
  module: string;
  expose: string;
  element: string;
  /** Where the code names it: a fragment manifest entry, or a component's region request. */
  found: string[];
}

/** `"./<expose>": "./src/…"` in a team's rspack.config.mjs: the source each exposed module builds from. */
export function remoteExposes(team: string): Map<string, string> {
  const config = join(ROOT, "fragments", team, "rspack.config.mjs");
  const found = new Map<string, string>();
  if (!existsSync(config)) return found;
  const block = /exposes:\s*\{([^}]*)\}/.exec(read(config))?.[1] ?? "";
  for (const m of block.matchAll(/"\.\/([a-z][a-z0-9-]*)":\s*"(\.\/[^"]+)"/g))
    found.set(m[1] as string, join("fragments", team, m[2] as string));
  return found;
}

/**
 * Every module the shell is asked to load: a fragment manifest entry's `module` (services; the
 * shell defines its element when the fragment is on the page) and a region request's `module`
 * (a component's `{ module, element }` for `tessera:region-requested`). The element is a string
 * or a constant from the team's own `src`.
 */
export function shellModules(): ShellModule[] {
  const modules = new Map<string, ShellModule>();
  const sources = [
    ...teams("services").flatMap((s) => walk(join(ROOT, "services", s))),
    ...teams("fragments").flatMap((t) => walk(join(ROOT, "fragments", t, "src"))),
  ];
  for (const file of sources) {
    const text = read(file);
    if (!/\bmodule:\s*"/.test(text)) continue;
    const own = rel(file).startsWith("fragments/")
      ? constants(join("fragments", rel(file).split("/")[1] as string, "src"))
      : new Map<string, string>();
    for (const m of text.matchAll(/\bmodule:\s*"([a-z][a-z0-9-]*)\/([a-z][a-z0-9-]*)"/g)) {
      // the object naming the module: from its opening brace to the first closing one after it
      const at = m.index ?? 0;
      const end = text.indexOf("}", at);
      const object = text.slice(text.lastIndexOf("{", at) + 1, end < 0 ? undefined : end);
      const element = /\belement:\s*(?:"([a-z][a-z0-9]*-[a-z0-9-]+)"|([A-Z_]+)\b)/.exec(object);
      const tag = element?.[1] ?? own.get(element?.[2] ?? "");
      if (!tag) continue;
      const [team, expose] = [m[1] as string, m[2] as string];
      const module = `${team}/${expose}`;
      const known = modules.get(module);
      if (known) {
        if (!known.found.includes(rel(file))) known.found.push(rel(file));
        continue;
      }
      modules.set(module, { team, module, expose, element: tag, found: [rel(file)] });
    }
  }
  return [...modules.values()].sort((a, b) => a.module.localeCompare(b.module));
}

function moduleEdges(edges: Map<string, Edge>): void {
  const tested = existsSync(SHELL_MODULES_TEST) && read(SHELL_MODULES_TEST).includes("shellModules(");
  for (const m of shellModules())
    for (const file of m.found)
      add(
        edges,
        {
          type: "module",
          consumer: "shell",
          provider: m.team,
          what: m.module,
          found: [],
          contract: tested ? rel(SHELL_MODULES_TEST) : null,
        },
        file,
      );
}

/**
 * The shell's own requests to the composer: a `"/_tessera/…"` path (or a constant holding one)
 * given to `navigator.sendBeacon` (always a POST) or `fetch` (its `method`, else GET), answered
 * by the composer route that names the same path.
 */
function shellHttpEdges(edges: Map<string, Edge>): void {
  const routes = walk(join(ROOT, "composer", "routes"));
  const tested = existsSync(SHELL_HTTP_TEST) ? read(SHELL_HTTP_TEST) : "";
  for (const file of walk(join(ROOT, "shell", "src"))) {
    const text = read(file);
    const paths = new Map<string, string>();
    for (const m of text.matchAll(/const ([A-Z_]+) = "(\/_tessera\/[^"]+)"/g))
      paths.set(m[1] as string, m[2] as string);
    for (const m of text.matchAll(/\b(sendBeacon|fetch)\??\.?\(\s*(?:"(\/_tessera\/[^"]+)"|([A-Z_]+)\b)/g)) {
      const path = m[2] ?? paths.get(m[3] ?? "");
      if (!path) continue;
      const rest = text.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 240);
      const method =
        m[1] === "sendBeacon"
          ? "POST"
          : (
              /method:\s*["'`]([A-Za-z]+)["'`]/.exec(rest.split(/\bfetch\(|;/)[0] ?? "")?.[1] ?? "GET"
            ).toUpperCase();
      const route = routes.find((r) => read(r).includes(`"${path}"`));
      add(
        edges,
        {
          type: "http",
          consumer: "shell",
          provider: "composer",
          what: `${method} ${path}`,
          found: [],
          contract: tested.includes(path) ? rel(SHELL_HTTP_TEST) : null,
        },
        rel(file),
      );
      const edge = edges.get(`http:shell->composer:${method} ${path}`);
      if (route && edge && !edge.found.includes(rel(route))) edge.found.push(rel(route));
    }
  }
}

/** Every edge the code creates, sorted. */
export function scanEdges(): Edge[] {
  const edges = new Map<string, Edge>();
  const providers = fragmentEdges(edges);
  httpEdges(edges, providers);
  browserEdges(edges);
  messageEdges(edges);
  domEdges(edges);
  moduleEdges(edges);
  shellHttpEdges(edges);
  return [...edges.values()]
    .map((e) => ({ ...e, found: [...e.found].sort() }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** Edges that need a contract and have none (proxies carry a note instead). */
export const uncovered = (edges: Edge[]) =>
  edges.filter((e) => !e.contract && !(e.type === "http" && e.note));
