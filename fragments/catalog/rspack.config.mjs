// Builds catalog's components as a Module Federation 2 remote (`tessera_catalog`): see ../remote.config.mjs.
import { federatedRemote } from "../remote.config.mjs";

export default federatedRemote({
  team: "catalog",
  dir: import.meta.dirname,
  exposes: { "./product-card": "./src/index.ts", "./quick-view": "./src/quick-view-entry.ts" },
});
