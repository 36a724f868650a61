/** The payments service's configuration: the chassis defaults, listening on 3005. */
import { port, serviceConfig } from "@tessera/chassis/config";

export const paymentsConfig = serviceConfig.extend({ PORT: port(3005) });
