/**
 * Every message identity's forms show, in one closed catalogue. The service puts the text in the
 * form page's `?error=` on a failed POST; the page shows it only when it is one of these, so a
 * crafted link cannot make the shop say something it never said.
 */
export const MESSAGES = {
  nameRequired: "Enter your name.",
  nameTooLong: "Use a name of at most 100 characters.",
  emailInvalid: "Enter an email address like name@example.com.",
  passwordRequired: "Enter your password.",
  passwordTooShort: "Use a password of at least 10 characters.",
  passwordTooLong: "Use a password of at most 128 characters.",
  passwordCommon: "This password is too easy to guess. Choose a longer or less common one.",
  passwordContainsEmail: "Your password must not contain your email address.",
  passwordMismatch: "The passwords do not match.",
  loginFailed: "The email address or password is not correct.",
  emailTaken: "An account with this email address already exists. Sign in instead.",
  addressNameRequired: "Enter the name to deliver to.",
  streetRequired: "Enter the street and house number.",
  streetTooLong: "Use a street of at most 200 characters.",
  postcodeInvalid: "Enter a postcode of 2 to 12 letters, digits, spaces or dashes.",
  cityRequired: "Enter the town or city.",
  cityTooLong: "Use a town or city of at most 100 characters.",
  countryInvalid: "Choose a country from the list.",
  unknown: "Something went wrong. Please try again.",
} as const;

export type Message = (typeof MESSAGES)[keyof typeof MESSAGES];

/** The form fields a message can belong to (its input gets `aria-invalid` and `aria-describedby`). */
export const FORM_FIELDS = [
  "name",
  "email",
  "password",
  "passwordConfirmation",
  "street",
  "postcode",
  "city",
  "country",
] as const;
export type FormField = (typeof FORM_FIELDS)[number];

const known = new Set<string>(Object.values(MESSAGES));

/** The message to show for a `?error=` value: itself when it is in the catalogue, a generic one otherwise. */
export function shownMessage(error: string | undefined): Message | undefined {
  if (!error) return undefined;
  return known.has(error) ? (error as Message) : MESSAGES.unknown;
}

/** The field a `?field=` value names, or undefined. */
export function formField(field: string | undefined): FormField | undefined {
  return (FORM_FIELDS as readonly string[]).includes(field ?? "") ? (field as FormField) : undefined;
}

/** The longest password identity accepts (argon2 hashes any length; this bounds the work). */
export const PASSWORD_MAX_LENGTH = 128;
export const PASSWORD_MIN_LENGTH = 10;
