// The browser side of the store-picker test: the hydration support first (before lit), then the
// component, as the shell loads them.
import "@lit-labs/ssr-client/lit-element-hydrate-support.js";
import "../../../fragments/explore/src/index";
