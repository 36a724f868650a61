/** Custom element tags of identity's components; shared by the client, the SSR renderer and the manifest. */
export const PASSWORD_FIELD_TAG = "identity-password-field";
