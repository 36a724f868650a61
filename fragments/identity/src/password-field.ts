import { css, html, LitElement, nothing } from "lit";

/**
 * `<identity-password-field>`: wraps a password field (label, hint and `<input type="password">`,
 * all in the light DOM, slotted) so the form posts it as it is, with or without JavaScript.
 *
 * Server-rendered it is only its slot: the page works exactly as plain HTML. Hydrated, it adds a
 * "show" toggle button (`aria-pressed`; the input becomes `type="text"` while pressed, and
 * `password` again when the form submits), a warning while Caps Lock is on, and — given
 * `minlength` — a live count of the characters still needed. Announcements go to polite live
 * regions. Written without decorators so it compiles the same whatever `useDefineForClassFields` is.
 */
export class IdentityPasswordField extends LitElement {
  static override properties = {
    /** The fewest characters the password needs; shows the live count when set. */
    minlength: { type: Number },
    /** The toggle's accessible name, e.g. "Show the password". */
    toggleLabel: { type: String, attribute: "toggle-label" },
    enhanced: { state: true },
    visible: { state: true },
    capsLock: { state: true },
    length: { state: true },
  };

  static override styles = css`
    :host {
      display: block;
    }
    .tools {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
      margin-top: 0.4rem;
    }
    button {
      font: inherit;
      font-size: 0.9rem;
      font-weight: 600;
      padding: 0.3rem 0.8rem;
      border: 2px solid #1f3a2b;
      border-radius: 0.5rem;
      background: #fff;
      color: #1f3a2b;
      cursor: pointer;
    }
    button[aria-pressed="true"] {
      background: #1f3a2b;
      color: #fff;
    }
    button:focus-visible {
      outline: 3px solid #1d4ed8;
      outline-offset: 2px;
    }
    p {
      margin: 0;
      font-size: 0.9rem;
    }
    .count {
      color: #374151;
    }
    .count.met {
      color: #1f5132;
    }
    .caps {
      color: #7a0016;
      font-weight: 600;
    }
  `;

  declare minlength: number | undefined;
  declare toggleLabel: string;
  declare enhanced: boolean;
  declare visible: boolean;
  declare capsLock: boolean;
  declare length: number;
  private input: HTMLInputElement | null = null;
  private form: HTMLFormElement | null = null;

  constructor() {
    super();
    this.minlength = undefined;
    this.toggleLabel = "Show the password";
    this.enhanced = false;
    this.visible = false;
    this.capsLock = false;
    this.length = 0;
  }

  /** What the live count says for `length` typed characters of at least `min`. */
  static countText(length: number, min: number): string {
    const missing = min - length;
    if (missing <= 0) return `Long enough: ${length} characters.`;
    return `${missing} more ${missing === 1 ? "character" : "characters"} needed.`;
  }

  override render() {
    if (!this.enhanced) return html`<slot></slot>`;
    const min = this.minlength;
    return html`<slot></slot>
      <div class="tools">
        <button type="button" aria-pressed=${this.visible ? "true" : "false"} @click=${this.toggle}>
          ${this.toggleLabel}
        </button>
        ${
          min
            ? html`<p class="count ${this.length >= min ? "met" : ""}" role="status" aria-live="polite">
              ${IdentityPasswordField.countText(this.length, min)}
            </p>`
            : nothing
        }
        <p class="caps" role="status" aria-live="polite">${this.capsLock ? "Caps Lock is on." : ""}</p>
      </div>`;
  }

  override firstUpdated(): void {
    // the first update hydrated the server's shadow root; only now do the enhancements appear
    this.input = this.querySelector('input[type="password"]');
    if (!this.input) return;
    this.form = this.input.form;
    this.input.addEventListener("keydown", this.onKey);
    this.input.addEventListener("keyup", this.onKey);
    this.input.addEventListener("input", this.onInput);
    this.input.addEventListener("blur", this.onBlur);
    this.form?.addEventListener("submit", this.onSubmit);
    this.length = this.input.value.length;
    this.enhanced = true;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.input?.removeEventListener("keydown", this.onKey);
    this.input?.removeEventListener("keyup", this.onKey);
    this.input?.removeEventListener("input", this.onInput);
    this.input?.removeEventListener("blur", this.onBlur);
    this.form?.removeEventListener("submit", this.onSubmit);
  }

  private toggle(): void {
    if (!this.input) return;
    this.visible = !this.visible;
    this.input.type = this.visible ? "text" : "password";
  }

  private readonly onKey = (event: KeyboardEvent): void => {
    this.capsLock = event.getModifierState?.("CapsLock") ?? false;
  };

  private readonly onInput = (): void => {
    this.length = this.input?.value.length ?? 0;
  };

  private readonly onBlur = (): void => {
    this.capsLock = false;
  };

  /** A password never leaves as a visible text field (nor is it kept in form history as one). */
  private readonly onSubmit = (): void => {
    if (!this.input) return;
    this.visible = false;
    this.input.type = "password";
  };
}

declare global {
  interface HTMLElementTagNameMap {
    "identity-password-field": IdentityPasswordField;
  }
}
