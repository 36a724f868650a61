import { afterEach, describe, expect, test } from "bun:test";
import type { Socket, TCPSocketListener } from "bun";
import { cancelBody, createWireClient, type WireAnswer, type WireClient } from "./wire.ts";

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const text = async (answer: WireAnswer) =>
  new TextDecoder().decode(
    answer.body instanceof Uint8Array ? answer.body : await Bun.readableStreamToBytes(answer.body),
  );

interface RawRequest {
  head: string;
  body: string;
  /** Which connection (0, 1, …) carried it. */
  connection: number;
}

/**
 * A TCP server speaking whatever `answer` writes: each request (head and content-length body)
 * is handed to it with its socket, to write raw bytes, close, or do nothing.
 */
function rawServer(answer: (socket: Socket<{ id: number; buffer: string }>, request: RawRequest) => void) {
  const requests: RawRequest[] = [];
  let connections = 0;
  const listener: TCPSocketListener<{ id: number; buffer: string }> = Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      open(socket) {
        socket.data = { id: connections++, buffer: "" };
      },
      data(socket, data) {
        socket.data.buffer += Buffer.from(data).toString("latin1");
        for (;;) {
          const end = socket.data.buffer.indexOf("\r\n\r\n");
          if (end < 0) return;
          const head = socket.data.buffer.slice(0, end);
          const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
          if (socket.data.buffer.length < end + 4 + length) return;
          const body = socket.data.buffer.slice(end + 4, end + 4 + length);
          socket.data.buffer = socket.data.buffer.slice(end + 4 + length);
          const request = { head, body, connection: socket.data.id };
          requests.push(request);
          answer(socket, request);
        }
      },
    },
  });
  servers.push({ stop: () => listener.stop(true) });
  return {
    url: `http://127.0.0.1:${listener.port}`,
    requests,
    connections: () => connections,
  };
}

const servers: { stop(): void }[] = [];
const clients: WireClient[] = [];
function client(options?: Parameters<typeof createWireClient>[0]) {
  const wire = createWireClient(options);
  clients.push(wire);
  return wire;
}
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) s.stop();
});

function bunServer(fetch: (request: Request) => Response | Promise<Response>) {
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch });
  servers.push({ stop: () => server.stop(true) });
  return `http://127.0.0.1:${server.port}`;
}

describe("createWireClient() - framing", () => {
  test("a content-length answer from Bun.serve - status, headers and the whole body as one Uint8Array", async () => {
    const url = bunServer(
      (request) =>
        new Response(`hello ${new URL(request.url).pathname}${new URL(request.url).search}`, {
          status: 201,
          headers: { "content-type": "text/html", etag: '"v1"' },
        }),
    );
    const answer = await client().request(`${url}/frag/a?x=1`);
    expect(answer.status).toBe(201);
    expect(answer.headers.get("content-type")).toBe("text/html");
    expect(answer.headers.get("etag")).toBe('"v1"');
    expect(answer.body).toBeInstanceOf(Uint8Array);
    expect(await text(answer)).toBe("hello /frag/a?x=1");
  });

  test("the request - method, path, host, the given headers and a content-length for a body", async () => {
    const server = rawServer((socket) => socket.write("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"));
    const wire = client();
    await wire.request(`${server.url}/orders?a=b`, {
      method: "post",
      headers: new Headers({ accept: "text/html", "x-trace": "t1" }),
      body: "größe",
    });
    await wire.request(`${server.url}`, { headers: { "x-one": "1" } });
    const [post, get] = server.requests;
    expect(post?.head.split("\r\n")[0]).toBe("POST /orders?a=b HTTP/1.1");
    expect(post?.head).toContain(`host: ${server.url.slice(7)}`);
    expect(post?.head).toContain("accept: text/html");
    expect(post?.head).toContain("x-trace: t1");
    expect(post?.head).toContain("content-length: 7");
    expect(Buffer.from(post?.body ?? "", "latin1").toString()).toBe("größe");
    expect(get?.head.split("\r\n")[0]).toBe("GET / HTTP/1.1");
    expect(get?.head).toContain("x-one: 1");
    expect(get?.head).not.toContain("content-length");
  });

  test("overrides - sent in place of the same header in headers, which stay untouched", async () => {
    const server = rawServer((socket) => socket.write("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"));
    const shared = new Headers({ traceparent: "old", accept: "text/html" });
    await client().request(server.url, { headers: shared, overrides: { traceparent: "new" } });
    const head = server.requests[0]?.head ?? "";
    expect(head).toContain("traceparent: new");
    expect(head).not.toContain("traceparent: old");
    expect(head).toContain("accept: text/html");
    expect(shared.get("traceparent")).toBe("old");
  });

  test("framing headers in a Headers - dropped (the client frames the request); its host is the one sent", async () => {
    const server = rawServer((socket) => socket.write("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"));
    const headers = new Headers({
      connection: "close",
      "content-length": "99",
      host: "shop.example",
      "x-a": "1",
    });
    await client().request(server.url, { headers });
    const head = server.requests[0]?.head ?? "";
    expect(head).not.toContain("connection");
    expect(head).not.toContain("content-length");
    expect(head.match(/^host: .*$/gm)).toEqual(["host: shop.example"]);
    expect(head).toContain("x-a: 1");
  });

  test("a header with CR or LF - refused before anything is sent, with the header's name", async () => {
    const server = rawServer((socket) => socket.write("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"));
    const wire = client();
    await expect(wire.request(server.url, { headers: { "x-bad": "a\r\nx-injected: 1" } })).rejects.toThrow(
      /header "x-bad" holds CR, LF or NUL/,
    );
    await expect(wire.request(server.url, { headers: { "x-bad\r\nx": "a" } })).rejects.toThrow(
      /invalid header name/,
    );
    expect(server.requests).toHaveLength(0);
  });

  const chunked =
    "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nx-trailer: t\r\n\r\n";
  test("a chunked answer split at every byte position - the same body, and the connection reused", async () => {
    const bytes = new TextEncoder().encode(chunked);
    for (let cut = 1; cut < bytes.byteLength; cut++) {
      const server = rawServer((socket) => {
        socket.write(bytes.subarray(0, cut));
        setTimeout(() => socket.write(bytes.subarray(cut)), 2);
      });
      const wire = client();
      expect(await text(await wire.request(server.url))).toBe("hello, world");
      expect(await text(await wire.request(server.url))).toBe("hello, world");
      expect(server.connections()).toBe(1);
    }
  });

  test("a chunked answer in three packets cut inside the size line, the data and the CRLF - same body", async () => {
    const parts = [
      "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n0",
      "a\r\n0123456789\r",
      "\n0\r\n\r\n",
    ];
    const server = rawServer((socket) => {
      socket.write(parts[0] as string);
      setTimeout(() => socket.write(parts[1] as string), 2);
      setTimeout(() => socket.write(parts[2] as string), 4);
    });
    expect(await text(await client().request(server.url))).toBe("0123456789");
  });

  test("a whole chunked answer in one packet - the body is one Uint8Array", async () => {
    const server = rawServer((socket) => socket.write(chunked));
    const answer = await client().request(server.url);
    expect(answer.body).toBeInstanceOf(Uint8Array);
    expect(await text(answer)).toBe("hello, world");
  });

  test("a slow body - streams: its first chunk is readable before the server sends the last", async () => {
    let sendLast: () => void = () => {};
    const server = rawServer((socket) => {
      socket.write("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nfirst\r\n");
      sendLast = () => socket.write("4\r\nlast\r\n0\r\n\r\n");
    });
    const wire = client();
    const answer = await wire.request(server.url);
    expect(answer.body).toBeInstanceOf(ReadableStream);
    const reader = (answer.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe("first");
    sendLast();
    const second = await reader.read();
    expect(new TextDecoder().decode(second.value)).toBe("last");
    expect((await reader.read()).done).toBe(true);
    // read whole: the connection is pooled and carries the next request
    const next = await wire.request(server.url);
    sendLast();
    expect(await text(next)).toBe("firstlast");
    expect(server.connections()).toBe(1);
  });

  test("a large content-length body from Bun.serve - streamed whole", async () => {
    const big = "x".repeat(3 * 1024 * 1024);
    const url = bunServer(() => new Response(big));
    const answer = await client().request(url);
    expect(answer.body).toBeInstanceOf(ReadableStream);
    expect(await text(answer)).toBe(big);
  });

  test("neither content-length nor chunked - read until close, the connection not reused", async () => {
    const server = rawServer((socket) => {
      socket.write("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil ");
      setTimeout(() => socket.end("close"), 5);
    });
    const wire = client();
    expect(await text(await wire.request(server.url))).toBe("until close");
    expect(await text(await wire.request(server.url))).toBe("until close");
    expect(server.connections()).toBe(2);
  });

  test("connection: close and HTTP/1.0 answers - their connection is not reused", async () => {
    for (const head of ["HTTP/1.1 200 OK\r\nconnection: close", "HTTP/1.0 200 OK"]) {
      const server = rawServer((socket) => socket.write(`${head}\r\ncontent-length: 2\r\n\r\nok`));
      const wire = client();
      expect(await text(await wire.request(server.url))).toBe("ok");
      expect(await text(await wire.request(server.url))).toBe("ok");
      expect(server.connections()).toBe(2);
      expect(wire.stats().opened).toBe(2);
    }
  });

  test("204, 304 and HEAD - no body read, the connection reused for the next request", async () => {
    const server = rawServer((socket, request) => {
      if (request.head.startsWith("HEAD")) socket.write("HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n");
      else if (request.head.includes("/304")) socket.write('HTTP/1.1 304 Not Modified\r\netag: "e"\r\n\r\n');
      else if (request.head.includes("/204")) socket.write("HTTP/1.1 204 No Content\r\n\r\n");
      else socket.write("HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nnext");
    });
    const wire = client();
    const head = await wire.request(`${server.url}/`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await text(head)).toBe("");
    expect((await wire.request(`${server.url}/304`)).status).toBe(304);
    expect((await wire.request(`${server.url}/204`)).status).toBe(204);
    expect(await text(await wire.request(`${server.url}/`))).toBe("next");
    expect(server.connections()).toBe(1);
  });

  test("a 100 Continue before the answer - skipped, the final answer returned", async () => {
    const server = rawServer((socket) =>
      socket.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\ndone"),
    );
    const answer = await client().request(server.url);
    expect(answer.status).toBe(200);
    expect(await text(answer)).toBe("done");
  });
});

describe("createWireClient() - keep-alive", () => {
  test("N sequential calls - one connection, counted by the server", async () => {
    const raw = rawServer((socket, request) => {
      const path = request.head.split(" ")[1] as string;
      socket.write(`HTTP/1.1 200 OK\r\ncontent-length: ${path.length}\r\n\r\n${path}`);
    });
    const wire = client();
    for (let i = 0; i < 20; i++) expect(await text(await wire.request(`${raw.url}/n${i}`))).toBe(`/n${i}`);
    expect(raw.connections()).toBe(1);
    expect(wire.stats()).toMatchObject({ opened: 1, reused: 19, idle: 1, active: 0 });
  });

  test("concurrent calls - one connection each, all pooled after, bodies not mixed up", async () => {
    const url = bunServer(async (request) => {
      await later(5);
      return new Response(`body of ${new URL(request.url).pathname}`);
    });
    const wire = client();
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => wire.request(`${url}/c${i}`)));
    expect(await Promise.all(answers.map(text))).toEqual(
      Array.from({ length: 100 }, (_, i) => `body of /c${i}`),
    );
    expect(wire.stats()).toMatchObject({ opened: 100, idle: 100, active: 0 });
  });

  test("a body kept while many more answers arrive on its connection - its bytes stay the same (a cache may hold it)", async () => {
    const url = bunServer((request) => new Response(`${new URL(request.url).pathname}:${"y".repeat(900)}`));
    const wire = client();
    const kept = await wire.request(`${url}/kept`);
    const before = await text(kept);
    for (let i = 0; i < 200; i++) await wire.request(`${url}/other${i}`);
    expect(await text(kept)).toBe(before);
    expect(before.startsWith("/kept:")).toBe(true);
  });

  test("more idle connections than maxIdlePerOrigin - the extra ones are closed", async () => {
    const url = bunServer(async () => {
      await later(5);
      return new Response("x");
    });
    const wire = client({ maxIdlePerOrigin: 3 });
    await Promise.all(Array.from({ length: 8 }, () => wire.request(url)));
    expect(wire.stats()).toMatchObject({ opened: 8, idle: 3 });
  });

  test("an idle connection - closed after idleTimeoutMs", async () => {
    const server = rawServer((socket) => socket.write("HTTP/1.1 200 OK\r\ncontent-length: 1\r\n\r\nx"));
    const wire = client({ idleTimeoutMs: 100 });
    await wire.request(server.url);
    expect(wire.stats().idle).toBe(1);
    await later(400);
    expect(wire.stats().idle).toBe(0);
    await wire.request(server.url);
    expect(server.connections()).toBe(2);
  });

  test("a pooled connection the server closed - a GET is sent again on a fresh one, transparently", async () => {
    const server = rawServer((socket, request) => {
      // the server answers, then drops the first connection while it sits in the client's pool
      socket.write("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok");
      if (request.connection === 0) setTimeout(() => socket.terminate(), 1);
    });
    const wire = client();
    expect(await text(await wire.request(server.url))).toBe("ok");
    await later(20);
    // Bun may or may not have told the client of the close yet; either way the GET succeeds
    expect(await text(await wire.request(server.url))).toBe("ok");
    expect(server.connections()).toBe(2);
  });

  test("a reused connection that closes before any response byte - a GET retried once, a POST not", async () => {
    // a server that reads the second request on a connection and closes without answering
    const server = rawServer((socket, request) => {
      const onConnection = server.requests.filter((r) => r.connection === request.connection).length;
      if (onConnection === 2) socket.terminate();
      else socket.write("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok");
    });
    const wire = client();
    await wire.request(server.url);
    expect(await text(await wire.request(server.url))).toBe("ok");
    expect(wire.stats().retried).toBe(1);
    expect(server.requests.filter((r) => r.head.startsWith("GET"))).toHaveLength(3);

    await wire.request(server.url); // the retry's connection carries one more, then a POST
    await expect(wire.request(server.url, { method: "POST", body: "pay" })).rejects.toThrow(
      /closed before any response .*not retried for POST/,
    );
    expect(server.requests.filter((r) => r.head.startsWith("POST"))).toHaveLength(1);
  });
});

describe("createWireClient() - failures", () => {
  test("a refused port - rejects naming the origin and the cause", async () => {
    const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const port = listener.port;
    listener.stop(true);
    await expect(client().request(`http://127.0.0.1:${port}/x`)).rejects.toThrow(
      `wire: http://127.0.0.1:${port}: connection refused`,
    );
  });

  test("a malformed status line - rejects naming the origin and the line", async () => {
    const server = rawServer((socket) => socket.write("HTTP/9 OK\r\n\r\n"));
    await expect(client().request(server.url)).rejects.toThrow(
      `wire: ${server.url}: malformed response: malformed status line "HTTP/9 OK"`,
    );
  });

  test("a malformed header line and contradictory content-lengths - rejected", async () => {
    for (const head of [
      "HTTP/1.1 200 OK\r\nno colon here",
      "HTTP/1.1 200 OK\r\ncontent-length: 1\r\ncontent-length: 2",
    ]) {
      const server = rawServer((socket) => socket.write(`${head}\r\n\r\nx`));
      await expect(client().request(server.url)).rejects.toThrow(/malformed response/);
    }
  });

  test("a bad chunk size - the body stream errors", async () => {
    const server = rawServer((socket) => {
      socket.write("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n");
      setTimeout(() => socket.write("zz\r\n"), 5);
    });
    const answer = await client().request(server.url);
    await expect(text(answer)).rejects.toThrow(/invalid chunk size "zz"/);
  });

  test("an oversize head - rejected once it passes maxHeaderBytes", async () => {
    const server = rawServer((socket) => {
      socket.write(`HTTP/1.1 200 OK\r\nx-big: ${"a".repeat(3000)}`);
      setTimeout(() => socket.write("b".repeat(3000)), 2);
    });
    await expect(client({ maxHeaderBytes: 4096 }).request(server.url)).rejects.toThrow(
      `wire: ${server.url}: malformed response: a response head larger than 4096 bytes`,
    );
  });

  test("the connection dies mid-body - the body stream errors", async () => {
    const server = rawServer((socket) => {
      socket.write("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\npartial");
      setTimeout(() => socket.terminate(), 5);
    });
    const answer = await client().request(server.url);
    await expect(text(answer)).rejects.toThrow(/closed 93 bytes before the end of the body/);
  });

  test("the server closes before the end of the head - rejects", async () => {
    const server = rawServer((socket) => {
      socket.write("HTTP/1.1 200 OK\r\ncontent-le");
      setTimeout(() => socket.terminate(), 5);
    });
    await expect(client().request(server.url)).rejects.toThrow(/closed before the end of the response head/);
  });

  test("abort before the head - rejects with the signal's reason, the connection destroyed", async () => {
    const server = rawServer(() => {});
    const wire = client();
    const controller = new AbortController();
    const pending = wire.request(server.url, { signal: controller.signal });
    await later(20);
    controller.abort(new Error("page gone"));
    await expect(pending).rejects.toThrow("page gone");
    expect(wire.stats()).toMatchObject({ idle: 0, active: 0 });
    const aborted = AbortSignal.abort(new Error("already"));
    await expect(wire.request(server.url, { signal: aborted })).rejects.toThrow("already");
  });

  test("abort mid-body - the stream errors with the reason", async () => {
    const server = rawServer((socket) => socket.write("HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc"));
    const controller = new AbortController();
    const answer = await client().request(server.url, { signal: controller.signal });
    const reader = (answer.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort(new Error("stop"));
    await expect(reader.read()).rejects.toThrow("stop");
  });

  test("timeoutMs without a head - rejects with a TimeoutError naming the origin", async () => {
    const server = rawServer(() => {});
    const error = await client()
      .request(server.url, { timeoutMs: 30 })
      .catch((e) => e);
    expect(error.name).toBe("TimeoutError");
    expect(error.message).toBe(`${server.url} sent no response head within 30 ms`);
  });

  test("cancelBody on a stream - its connection is closed, not pooled", async () => {
    const server = rawServer((socket) => socket.write("HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc"));
    const wire = client();
    cancelBody(await wire.request(server.url));
    await later(10);
    expect(wire.stats()).toMatchObject({ idle: 0, active: 0 });
  });

  test("an https: URL - refused with a clear error", async () => {
    await expect(client().request("https://example.test/")).rejects.toThrow(/only http: URLs/);
  });

  test("close() - requests under way fail, idle connections end", async () => {
    const server = rawServer((socket, request) => {
      if (request.head.includes("/fast")) socket.write("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n");
    });
    const wire = client();
    await wire.request(`${server.url}/fast`);
    const pending = wire.request(`${server.url}/slow`);
    await later(10);
    wire.close();
    await expect(pending).rejects.toThrow(/the client was closed/);
    expect(wire.stats()).toMatchObject({ idle: 0, active: 0 });
  });
});
