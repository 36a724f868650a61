/**
 * The team services the embedded mode hosts, in start order. A team adding a service adds its
 * definition here (and its process to compose.yaml for the distributed mode).
 */
import { catalog } from "@tessera/catalog/app";
import { explore } from "@tessera/explore/app";

export const SERVICES = [catalog, explore];
