/** The inventory service's configuration: the chassis defaults, listening on 3003. */
import { port, serviceConfig } from "@tessera/chassis/config";

export const inventoryConfig = serviceConfig.extend({ PORT: port(3003) });
