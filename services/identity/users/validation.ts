/**
 * What a registration, a login and a delivery address must look like. Every failure carries a message from the
 * shared catalogue, so the form page can show it and the JSON answer names the field.
 */
import { COUNTRY_CODES } from "@tessera/identity-fragments/countries";
import { MESSAGES, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@tessera/identity-fragments/messages";
import { z } from "zod";

/** Passwords that appear at the top of every breach list (lower-cased, at least 10 characters). */
const COMMON_PASSWORDS = new Set([
  "1234567890",
  "0123456789",
  "12345678910",
  "1q2w3e4r5t",
  "qwertyuiop",
  "asdfghjkl;",
  "password12",
  "password123",
  "password1234",
  "passw0rd123",
  "iloveyou123",
  "letmein1234",
  "welcome123",
  "admin12345",
  "qwerty12345",
  "abcdefghij",
  "1111111111",
  "0000000000",
  "tessera123",
  "tractor123",
]);

/** True when the password is on the common list or one character repeated. */
function isGuessable(password: string): boolean {
  return COMMON_PASSWORDS.has(password.toLowerCase()) || new Set(password).size <= 2;
}

export const Email = z
  .string({ error: MESSAGES.emailInvalid })
  .trim()
  .max(254, { error: MESSAGES.emailInvalid })
  .pipe(z.email({ error: MESSAGES.emailInvalid }));

export const Registration = z
  .object({
    name: z
      .string({ error: MESSAGES.nameRequired })
      .trim()
      .min(1, { error: MESSAGES.nameRequired })
      .max(100, { error: MESSAGES.nameTooLong }),
    email: Email,
    password: z
      .string({ error: MESSAGES.passwordTooShort })
      .min(PASSWORD_MIN_LENGTH, { error: MESSAGES.passwordTooShort })
      .max(PASSWORD_MAX_LENGTH, { error: MESSAGES.passwordTooLong })
      .refine((p) => !isGuessable(p), { error: MESSAGES.passwordCommon }),
    passwordConfirmation: z.string({ error: MESSAGES.passwordMismatch }),
  })
  .superRefine((value, ctx) => {
    if (value.password.toLowerCase().includes(value.email.toLowerCase())) {
      ctx.addIssue({ code: "custom", path: ["password"], message: MESSAGES.passwordContainsEmail });
    }
    if (value.password !== value.passwordConfirmation) {
      ctx.addIssue({ code: "custom", path: ["passwordConfirmation"], message: MESSAGES.passwordMismatch });
    }
  });
export type Registration = z.infer<typeof Registration>;

export const Login = z.object({
  email: Email,
  password: z
    .string({ error: MESSAGES.passwordRequired })
    .min(1, { error: MESSAGES.passwordRequired })
    .max(PASSWORD_MAX_LENGTH, { error: MESSAGES.loginFailed }),
});
export type Login = z.infer<typeof Login>;

/** A delivery address (the account page's form). The country is one of {@link COUNTRY_CODES}. */
export const AddressForm = z.object({
  name: z
    .string({ error: MESSAGES.addressNameRequired })
    .trim()
    .min(1, { error: MESSAGES.addressNameRequired })
    .max(100, { error: MESSAGES.nameTooLong }),
  street: z
    .string({ error: MESSAGES.streetRequired })
    .trim()
    .min(1, { error: MESSAGES.streetRequired })
    .max(200, { error: MESSAGES.streetTooLong }),
  postcode: z
    .string({ error: MESSAGES.postcodeInvalid })
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9 -]{0,10}[A-Za-z0-9]$/, { error: MESSAGES.postcodeInvalid }),
  city: z
    .string({ error: MESSAGES.cityRequired })
    .trim()
    .min(1, { error: MESSAGES.cityRequired })
    .max(100, { error: MESSAGES.cityTooLong }),
  country: z
    .string({ error: MESSAGES.countryInvalid })
    .trim()
    .toUpperCase()
    .pipe(z.enum(COUNTRY_CODES, { error: MESSAGES.countryInvalid })),
});
export type AddressForm = z.infer<typeof AddressForm>;
