// Builds inventory's components as a Module Federation 2 remote (`tessera_inventory`): see ../remote.config.mjs.
import { federatedRemote } from "../remote.config.mjs";

export default federatedRemote({
  team: "inventory",
  dir: import.meta.dirname,
  exposes: { "./stock": "./src/index.ts" },
});
