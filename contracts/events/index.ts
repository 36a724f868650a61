/**
 * Messages between services: subjects and zod schemas, versioned. Producers build messages with
 * these types; consumers parse what they receive with the same schemas.
 */
export * from "./catalog.ts";
export * from "./checkout.ts";
export * from "./common.ts";
export * from "./inventory.ts";
export * from "./payments.ts";
