import { describe, expect, test } from "bun:test";
import { serve } from "./index.ts";

describe("serve()", () => {
  test("stop() with a request in flight - lets it finish, then refuses new connections", async () => {
    const server = serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: async () => {
        await Bun.sleep(300);
        return new Response("finished");
      },
    });
    const inFlight = fetch(`${server.url}/slow`);
    await Bun.sleep(50);
    const stopped = server.stop();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("finished");
    await stopped;
    await expect(fetch(`${server.url}/again`)).rejects.toThrow();
  });
});
