/** Test helpers for the bus: a NATS server of a test's own. */
export {
  type NatsServer,
  type NatsServerOptions,
  natsServerVersion,
  natsTestConfig,
  startNatsServer,
  supportsSyncInterval,
} from "./nats-server.ts";
