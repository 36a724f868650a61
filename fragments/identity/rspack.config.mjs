// Builds identity's components as a Module Federation 2 remote (`tessera_identity`): see ../remote.config.mjs.
import { federatedRemote } from "../remote.config.mjs";

export default federatedRemote({
  team: "identity",
  dir: import.meta.dirname,
  exposes: { "./password-field": "./src/password-field-entry.ts" },
});
