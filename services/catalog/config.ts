/** The catalog service's configuration: the chassis defaults, listening on 3001. */
import { port, serviceConfig } from "@tessera/chassis/config";

export const catalogConfig = serviceConfig.extend({ PORT: port(3001) });
