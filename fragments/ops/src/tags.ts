/** Custom element tags of ops' components; shared by the client, the SSR renderer and the manifest. */
export const AUTO_REFRESH_TAG = "ops-auto-refresh";
