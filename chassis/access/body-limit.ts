/** The request body limit every process applies: a larger body is a 413 problem before it is read. */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { AppError } from "../errors/index.ts";

export function limitBody(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError("payload_too_large", `A request body may be at most ${maxBytes} bytes`, {
        limit: maxBytes,
      });
    },
  });
}
