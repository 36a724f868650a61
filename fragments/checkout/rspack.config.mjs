// Builds checkout's components as a Module Federation 2 remote (`tessera_checkout`): see ../remote.config.mjs.
import { federatedRemote } from "../remote.config.mjs";

export default federatedRemote({
  team: "checkout",
  dir: import.meta.dirname,
  exposes: {
    "./add-to-cart": "./src/add-to-cart-entry.ts",
    "./mini-cart": "./src/mini-cart-entry.ts",
    "./mini-cart-popover": "./src/mini-cart-popover-entry.ts",
  },
});
