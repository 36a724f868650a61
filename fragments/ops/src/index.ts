/** Client entry of ops' components: importing it defines every ops custom element. */
export * from "./auto-refresh-entry";
