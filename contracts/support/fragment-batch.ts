/**
 * A fragment batch in a pact (`@tessera/chassis/http`'s fragment batches): the request naming
 * its parts, and an answer whose body rule holds each part to its promise in whatever order the
 * parts finish — its index, status 200, an HTML content type, and `body` (a pattern) in its own
 * part. Oniguruma (Pact's regex engine) has no `(?s)`, hence `[\s\S]`.
 */
import { MatchersV3 } from "@pact-foundation/pact";
import type { V4RequestBuilder, V4ResponseBuilder } from "@pact-foundation/pact/src/v4/http/types";
import { BATCH_CONTENT_TYPE } from "@tessera/chassis/http";

const { regex } = MatchersV3;

/** One part: its HTML as the example shows it, and the pattern its body must hold. */
export interface BatchPartPromise {
  example: string;
  body: string;
}

/** `GET /fragments/batch` asking for `paths`, each part with the caller's traceparent. */
export const batchRequest = (paths: string[]) => (req: V4RequestBuilder) =>
  req
    .query({
      p: paths,
      t: paths.map(() =>
        regex(
          "^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$",
          "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        ),
      ),
    })
    .headers({ accept: "text/html" });

/** The batch's answer: every part 200 HTML holding its `body` pattern, in any order. */
export function batchAnswer(parts: BatchPartPromise[]) {
  const example = parts
    .map(
      ({ example }, index) =>
        `${index}\r\nHTTP/1.1 200 \r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(example)}\r\n\r\n${example}`,
    )
    .join("");
  const part = ({ body }: BatchPartPromise, index: number) =>
    `(?=[\\s\\S]*${index}\r\nHTTP/1\\.1 200 \r\n(?:[^\r\n]+\r\n)*?content-type: text/html[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n` +
    `(?:(?!\r\nHTTP/1\\.1 )[\\s\\S])*?${body})`;
  const pattern = `^${parts.map(part).join("")}[\\s\\S]*$`;
  return (res: V4ResponseBuilder) =>
    res
      .headers({ "content-type": regex("^application/vnd\\.tessera\\.fragment-batch", BATCH_CONTENT_TYPE) })
      .body(BATCH_CONTENT_TYPE, Buffer.from(example))
      .matchingRules({ body: [{ path: "$", rules: [regex(pattern, example)] }] });
}
