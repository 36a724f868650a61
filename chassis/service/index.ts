/**
 * The microservice chassis in one call: a service describes its name, config, migrations and
 * routes; {@link buildService} wires config, logging, tracing, metrics, health, the database,
 * the bus and the error handler around them, and {@link runService} binds it to a port.
 *
 * @example
 * export const catalog = defineService({ name: "catalog", config, migrationsFolder, setup });
 * const running = await runService(catalog, { env: process.env });
 */

export { createServiceApp } from "./app.ts";
export { type ErrorReporter, errorHandler, notFoundHandler, problemForError } from "./errors.ts";
export type { BuiltService, RunningService, ServiceContext, ServiceDefinition, ServiceParts } from "./run.ts";
export { buildService, defineService, runService } from "./run.ts";
export { type StaticOptions, serveFile } from "./static.ts";
export { type RequestRecord, type RequestTelemetry, requestTelemetry, telemetry } from "./telemetry.ts";
export { parseInput } from "./validate.ts";
