/** The routes every service gets from the chassis, described once for every service's document. */
import { z } from "zod";
import type { Operation } from "./document.ts";

const Check = z.object({
  status: z.enum(["up", "down"]),
  duration_ms: z.number(),
  error: z.string().optional(),
});
const Readiness = z.object({
  status: z.enum(["up", "down", "draining"]),
  checks: z.record(z.string(), Check),
});
const tags = ["chassis"];
const jsonOf = (schema: z.ZodType, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const CHASSIS_OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/health/live",
    summary: "Liveness: the process answers",
    tags,
    responses: { 200: jsonOf(z.object({ status: z.literal("up") }), "Alive") },
  },
  {
    method: "get",
    path: "/health/ready",
    summary: "Readiness: every dependency check (database, bus, …), each reported",
    tags,
    responses: {
      200: jsonOf(Readiness, "Every check is up"),
      503: jsonOf(Readiness, "A check is down, or the service is draining before shutdown"),
    },
  },
  {
    method: "get",
    path: "/metrics",
    summary: "Prometheus metrics (RED per route, build info)",
    tags,
    responses: {
      200: {
        description: "The Prometheus text exposition format",
        content: { "text/plain": { schema: { type: "string" } } },
      },
    },
  },
  {
    method: "get",
    path: "/openapi.json",
    summary: "This document",
    tags,
    responses: {
      200: {
        description: "The OpenAPI 3.1 document",
        content: { "application/json": { schema: { type: "object" } } },
      },
    },
  },
];
