/** Client entry of checkout's components: importing it defines every checkout custom element. */
export * from "./add-to-cart-entry";
export * from "./mini-cart-entry";
