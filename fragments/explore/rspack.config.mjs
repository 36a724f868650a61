// Builds explore's components as a Module Federation 2 remote (`tessera_explore`): see ../remote.config.mjs.
import { federatedRemote } from "../remote.config.mjs";

export default federatedRemote({
  team: "explore",
  dir: import.meta.dirname,
  exposes: { "./store-picker": "./src/index.ts" },
});
