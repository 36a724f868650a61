import { css, html, LitElement, nothing } from "lit";
import { type CardCheck, cardMessage, checkCardNumber, formatCardNumber } from "./card-number";

/**
 * `<payments-method-picker>`: wraps the server-rendered payment-method fieldset (light DOM, so its
 * radios belong to checkout's form and post as `paymentToken` without JavaScript). Once hydrated
 * it adds a field for typing a test card number: grouped by four as the shopper types, checked
 * (length, Luhn checksum, one of the shop's test cards), and a test card's number checks its radio.
 * The typed number has no `name`: it never leaves the browser, only the token is posted.
 *
 * Written without decorators so it compiles the same whatever `useDefineForClassFields` is.
 */
export class PaymentsMethodPicker extends LitElement {
  static override properties = {
    enhanced: { state: true },
    number: { state: true },
  };

  static override styles = css`
    :host {
      display: block;
    }
    .entry {
      display: grid;
      gap: 0.375rem;
      margin-block-start: 0.75rem;
      font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
      color: #1f2937;
    }
    label {
      font-weight: 600;
    }
    input {
      max-inline-size: 16rem;
      padding: 0.5rem 0.625rem;
      border: 1px solid #6b7280;
      border-radius: 0.375rem;
      font: inherit;
      font-variant-numeric: tabular-nums;
      letter-spacing: 0.05em;
    }
    input:focus-visible {
      outline: 3px solid #f59e0b;
      outline-offset: 2px;
    }
    input[aria-invalid="true"] {
      border-color: #b91c1c;
    }
    .message {
      margin: 0;
      min-block-size: 1.25em;
      color: #4b5563;
    }
    .invalid {
      color: #991b1b;
    }
  `;

  declare enhanced: boolean;
  declare number: string;

  constructor() {
    super();
    this.enhanced = false;
    this.number = "";
  }

  override firstUpdated(): void {
    // hydrated (or rendered) in a browser: the card-number field can work now
    this.enhanced = true;
  }

  override render() {
    if (!this.enhanced) return html`<slot></slot>`;
    const check = checkCardNumber(this.number);
    const invalid = check.kind === "invalid" || check.kind === "not-a-test-card";
    return html`<slot></slot>
      <div class="entry">
        <label for="card-number">Or type a test card number</label>
        <input
          id="card-number"
          inputmode="numeric"
          autocomplete="off"
          maxlength="19"
          placeholder="4242 4242 4242 4242"
          aria-describedby="card-number-message"
          aria-invalid=${invalid ? "true" : "false"}
          .value=${this.number}
          @input=${this.onInput}
        />
        <p id="card-number-message" class=${invalid ? "message invalid" : "message"} role="status">${cardMessage(check) || nothing}</p>
      </div>`;
  }

  private onInput(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.number = formatCardNumber(input.value);
    input.value = this.number;
    this.choose(checkCardNumber(this.number));
  }

  /** Checks the radio of a typed test card, as if the shopper had picked it. */
  private choose(check: CardCheck): void {
    if (check.kind !== "test-card") return;
    const radio = this.querySelector<HTMLInputElement>(
      `input[type="radio"][name="paymentToken"][value="${check.method.token}"]`,
    );
    if (!radio || radio.checked) return;
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "payments-method-picker": PaymentsMethodPicker;
  }
}
