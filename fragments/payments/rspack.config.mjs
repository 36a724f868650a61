// Builds payments' components as a Module Federation 2 remote (`tessera_payments`): see ../remote.config.mjs.
import { federatedRemote } from "../remote.config.mjs";

export default federatedRemote({
  team: "payments",
  dir: import.meta.dirname,
  exposes: { "./payment-method": "./src/method-picker-entry.ts" },
});
