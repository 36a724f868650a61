import { css, html, LitElement } from "lit";

/** What refreshing found: the new children of the region, or why there are none. */
export type Refreshed = { ok: true; nodes: Node[] } | { ok: false; reason: string };

/**
 * The light-DOM children of the `<ops-auto-refresh region="…">` in a page's HTML (`doc`), without
 * its declarative shadow root (a parsed document keeps it as a `<template shadowrootmode>`).
 */
export function regionIn(doc: Document, region: string): Refreshed {
  const found = [...doc.querySelectorAll("ops-auto-refresh")].find(
    (e) => e.getAttribute("region") === region,
  );
  if (!found) return { ok: false, reason: "the page no longer shows this part (signed out?)" };
  const nodes = [...found.childNodes].filter(
    (n) => !(n instanceof HTMLTemplateElement && n.hasAttribute("shadowrootmode")),
  );
  return { ok: true, nodes };
}

/**
 * `<ops-auto-refresh href="/ops/health" region="health" interval="5">`: keeps an ops page's live
 * part (its light DOM, slotted) up to date.
 *
 * Server-rendered it shows a "Refresh" link to the page: without JavaScript, a reload. Hydrated,
 * an "Auto-refresh" toggle (`aria-pressed`, off at first) fetches the page every `interval`
 * seconds while on, and swaps the region's content for the same region of the fetched page; a
 * "Refresh now" button does it once. It pauses while the tab is hidden and refreshes as soon as
 * it is visible again. A polite status says when it last updated, or why it could not.
 * Written without decorators so it compiles the same whatever `useDefineForClassFields` is.
 */
export class OpsAutoRefresh extends LitElement {
  static override properties = {
    /** The page to fetch (same origin), e.g. `/ops/health`. */
    href: { type: String },
    /** Names this region in the fetched page. */
    region: { type: String },
    /** Seconds between refreshes while on. */
    interval: { type: Number },
    enhanced: { state: true },
    on: { state: true },
    status: { state: true },
    busy: { state: true },
  };

  static override styles = css`
    :host {
      display: block;
    }
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
      margin: 0 0 0.75rem;
    }
    a {
      color: #1f3a2b;
      font-weight: 600;
    }
    button {
      font: inherit;
      font-weight: 600;
      padding: 0.25rem 0.7rem;
      border: 2px solid #1f3a2b;
      border-radius: 6px;
      background: #fff;
      color: #1f3a2b;
      cursor: pointer;
    }
    button[aria-pressed="true"] {
      background: #1f3a2b;
      color: #fff;
    }
    button:focus-visible,
    a:focus-visible {
      outline: 3px solid #1d4ed8;
      outline-offset: 2px;
    }
    .status {
      color: #4a4f57;
      font-size: 0.9em;
    }
    .status.error {
      color: #a4161a;
      font-weight: 700;
    }
  `;

  declare href: string;
  declare region: string;
  declare interval: number;
  declare enhanced: boolean;
  declare on: boolean;
  declare status: { text: string; error: boolean } | undefined;
  declare busy: boolean;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.href = "";
    this.region = "";
    this.interval = 5;
    this.enhanced = false;
    this.on = false;
    this.status = undefined;
    this.busy = false;
  }

  override render() {
    if (!this.enhanced)
      return html`<p class="bar"><a href=${this.href}>Refresh</a></p>
        <slot></slot>`;
    const status = this.status;
    return html`<div class="bar">
        <button type="button" aria-pressed=${this.on ? "true" : "false"} @click=${this.toggle}>
          Auto-refresh every ${this.interval} s
        </button>
        <button type="button" ?disabled=${this.busy} @click=${() => void this.refresh()}>Refresh now</button>
        <span class="status ${status?.error ? "error" : ""}" role="status" aria-live="polite"
          >${status?.text ?? ""}</span
        >
      </div>
      <slot></slot>`;
  }

  override firstUpdated(): void {
    document.addEventListener("visibilitychange", this.onVisibility);
    this.enhanced = true;
  }

  override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has("interval") && this.on) this.schedule();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener("visibilitychange", this.onVisibility);
    this.stop();
  }

  /** Fetches the page and swaps in its region; true when it did. */
  async refresh(): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    try {
      const response = await fetch(this.href, {
        credentials: "same-origin",
        headers: { accept: "text/html" },
        redirect: "follow",
      });
      if (!response.ok) throw new Error(`the page answered ${response.status}`);
      const found = regionIn(
        new DOMParser().parseFromString(await response.text(), "text/html"),
        this.region,
      );
      if (!found.ok) throw new Error(found.reason);
      this.replaceChildren(...found.nodes.map((n) => document.importNode(n, true)));
      this.status = { text: `Updated at ${new Date().toLocaleTimeString("en-GB")}.`, error: false };
      return true;
    } catch (error) {
      this.status = { text: `Could not refresh: ${(error as Error).message}.`, error: true };
      return false;
    } finally {
      this.busy = false;
      if (this.on) this.schedule();
    }
  }

  private toggle(): void {
    this.on = !this.on;
    if (this.on) this.schedule();
    else {
      this.stop();
      this.status = { text: "Auto-refresh is off.", error: false };
    }
  }

  /** The next refresh, `interval` seconds from now (none while the tab is hidden). */
  private schedule(): void {
    this.stop();
    if (document.visibilityState === "hidden") return;
    this.timer = setTimeout(() => void this.refresh(), Math.max(1, this.interval) * 1000);
  }

  private stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private readonly onVisibility = (): void => {
    if (!this.on) return;
    if (document.visibilityState === "hidden") {
      this.stop();
      this.status = { text: "Paused while the tab is hidden.", error: false };
    } else void this.refresh();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    "ops-auto-refresh": OpsAutoRefresh;
  }
}
