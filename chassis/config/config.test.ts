import { describe, expect, test } from "bun:test";
import { ConfigError, loadConfig, port, serviceConfig } from "./index.ts";

const schema = serviceConfig.extend({ PORT: port(3001) });

describe("loadConfig()", () => {
  test("no variables set - gives the defaults", () => {
    const config = loadConfig(schema, {});
    expect(config.PORT).toBe(3001);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.LOG_LEVEL).toBe("info");
  });

  test("a bad port - throws naming the variable, the value and what was expected", () => {
    expect(() => loadConfig(schema, { PORT: "abc" })).toThrow(ConfigError);
    try {
      loadConfig(schema, { PORT: "abc" });
    } catch (error) {
      expect((error as Error).message).toContain('PORT="abc"');
      expect((error as Error).message).toContain("port number");
    }
  });

  test("several bad values - lists every one of them", () => {
    try {
      loadConfig(schema, {
        PORT: "99999",
        DATABASE_URL: "mysql://x",
        LOG_LEVEL: "loud",
        NATS_URL: "nats-no-scheme",
      });
      throw new Error("expected a ConfigError");
    } catch (error) {
      const issues = (error as ConfigError).issues.map((i) => i.variable).sort();
      expect(issues).toEqual(["DATABASE_URL", "LOG_LEVEL", "NATS_URL", "PORT"]);
      expect((error as Error).message).toContain(
        'DATABASE_URL="mysql://x": expected an absolute URL (postgres://',
      );
    }
  });

  test("valid distributed settings - are parsed and coerced", () => {
    const config = loadConfig(schema, {
      PORT: "0",
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/catalog",
      NATS_URL: "nats://127.0.0.1:4222",
    });
    expect(config.PORT).toBe(0);
    expect(config.NATS_URL).toBe("nats://127.0.0.1:4222");
  });
});
