/** Client entry of identity's components: importing it defines every identity custom element. */
export * from "./password-field-entry";
