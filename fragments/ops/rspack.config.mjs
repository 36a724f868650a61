// Builds ops' components as a Module Federation 2 remote (`tessera_ops`): see ../remote.config.mjs.
import { federatedRemote } from "../remote.config.mjs";

export default federatedRemote({
  team: "ops",
  dir: import.meta.dirname,
  exposes: { "./auto-refresh": "./src/auto-refresh-entry.ts" },
});
