/** Custom element tags of explore's components; shared by the client, the SSR renderer and the manifest. */
export const STORE_PICKER_TAG = "explore-store-picker";
