/** The explore service's configuration: the chassis defaults, listening on 3002. */
import { port, serviceConfig } from "@tessera/chassis/config";

export const exploreConfig = serviceConfig.extend({ PORT: port(3002) });
