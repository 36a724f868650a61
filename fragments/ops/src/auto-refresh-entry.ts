/** Federated `./auto-refresh`: importing it defines `<ops-auto-refresh>` (hydrating any server-rendered one). */
import { OpsAutoRefresh } from "./auto-refresh";
import { AUTO_REFRESH_TAG } from "./tags";

if (!customElements.get(AUTO_REFRESH_TAG)) customElements.define(AUTO_REFRESH_TAG, OpsAutoRefresh);

export { AUTO_REFRESH_TAG, OpsAutoRefresh };
