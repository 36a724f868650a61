/**
 * Build-time constants, injected by `shell/build.ts` through `Bun.build({ define })`.
 */

/** Installed versions of the lit packages the shell provides to remotes, keyed by package name. */
declare const __TESSERA_LIT_VERSIONS__: {
  readonly lit: string;
  readonly "lit-html": string;
  readonly "lit-element": string;
  readonly "@lit/reactive-element": string;
};

/** The shell's version (its package.json), sent with failure reports. */
declare const __TESSERA_SHELL_VERSION__: string;
