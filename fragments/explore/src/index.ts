/**
 * Client entry of explore's components (exposed to Module Federation as `./store-picker`):
 * importing it defines `<explore-store-picker>`, which hydrates any server-rendered instance.
 */
import { ExploreStorePicker } from "./store-picker";
import { STORE_PICKER_TAG } from "./tags";

if (!customElements.get(STORE_PICKER_TAG)) customElements.define(STORE_PICKER_TAG, ExploreStorePicker);

export type { StoreSelectedDetail } from "./store-picker";
export { ExploreStorePicker, STORE_PICKER_TAG };
