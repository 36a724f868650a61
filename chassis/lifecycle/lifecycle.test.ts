import { describe, expect, test } from "bun:test";
import { closeSync, constants, openSync, readSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "./index.ts";

/**
 * Starts the shutdown fixture with its stdout on a FIFO that nobody reads yet, so its log writes
 * wait on a full pipe, and SIGTERMs it; then reads everything it wrote. Resolves its exit code, its
 * last line, and what never came out whole (the first numbers of missing "working" lines, any line
 * cut short).
 */
async function terminated(
  env: Record<string, string> = {},
): Promise<{ code: number; last: Record<string, unknown>; missing: unknown[] }> {
  const dir = await mkdtemp(join(tmpdir(), "tessera-shutdown-"));
  const fifo = join(dir, "stdout");
  try {
    if ((await Bun.spawn(["mkfifo", fifo]).exited) !== 0) throw new Error("mkfifo failed");
    const readEnd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writeEnd = openSync(fifo, constants.O_WRONLY);
    const child = Bun.spawn([process.execPath, join(import.meta.dir, "shutdown-fixture.ts")], {
      env: { ...process.env, ...env },
      stdout: writeEnd,
      stderr: "pipe",
    });
    closeSync(writeEnd);
    const said = child.stderr.getReader();
    for (let text = ""; !text.includes("ready"); ) {
      const { value, done } = await said.read();
      if (done) throw new Error(`the fixture ended before it was ready: ${text}`);
      text += new TextDecoder().decode(value);
    }
    await Bun.sleep(300); // the pipe fills up
    child.kill("SIGTERM");
    await Bun.sleep(300);
    const chunks: Buffer[] = [];
    for (const buffer = Buffer.alloc(65_536); ; ) {
      try {
        const n = readSync(readEnd, buffer);
        if (n === 0) break; // the fixture closed its stdout: it has ended
        chunks.push(Buffer.from(buffer.subarray(0, n)));
      } catch (error) {
        if ((error as { code?: string }).code !== "EAGAIN") throw error;
        await Bun.sleep(10);
      }
    }
    closeSync(readEnd);
    const lines: Record<string, unknown>[] = [];
    for (const line of Buffer.concat(chunks).toString().trim().split("\n")) {
      try {
        lines.push(JSON.parse(line));
      } catch {
        lines.push({ msg: "a broken line", line: line.slice(0, 80) });
      }
    }
    const numbers = lines.filter((l) => l.msg === "working").map((l) => l.seq as number);
    const missing: unknown[] = lines.filter((l) => l.msg === "a broken line");
    for (let seq = 0, i = 0; seq <= (numbers.at(-1) ?? -1) && missing.length < 5; seq++) {
      if (numbers[i] === seq) i++;
      else missing.push(seq);
    }
    return { code: await child.exited, last: lines.at(-1) as Record<string, unknown>, missing };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

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

describe("onShutdownSignal()", () => {
  test('SIGTERM while its log writes wait on a full pipe - every line gets out, the last one "stopped", exit 0', async () => {
    const { code, last, missing } = await terminated();
    expect(missing).toEqual([]);
    expect(code).toBe(0);
    expect(last.msg).toBe("stopped");
  });

  test("SIGTERM and a shutdown that fails - exits 1, and its last line says why", async () => {
    const { code, last, missing } = await terminated({ FAIL: "the database would not close" });
    expect(missing).toEqual([]);
    expect(code).toBe(1);
    expect(last).toMatchObject({
      level: "error",
      msg: "shutdown failed",
      err: { message: "the database would not close" },
    });
  });
});
