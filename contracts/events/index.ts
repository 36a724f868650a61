/**
 * Messages between services: subjects and zod schemas, versioned. Producers build events with
 * these types; consumers parse what they receive with the same schemas.
 */
export { PRODUCT_CHANGED, ProductChangedV1 } from "./catalog.ts";
