import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENGINE_ENV_DEFAULTS, formatEngineEnv, parseEngineEnv, readEngineEnv } from "../src/index.ts";

describe("engine env file", () => {
  test("format then parse round-trips every variable", () => {
    const text = formatEngineEnv({ ...ENGINE_ENV_DEFAULTS });
    expect(parseEngineEnv(text)).toEqual({ ...ENGINE_ENV_DEFAULTS });
  });

  test("parse ignores comments, strips quotes and `export`", () => {
    expect(parseEngineEnv("# c\n\nexport A='x=1'\nB=\"y\"\n")).toEqual({ A: "x=1", B: "y" });
  });

  test("parse rejects a line without a key", () => {
    expect(() => parseEngineEnv("=oops")).toThrow(/malformed line/);
  });

  test("readEngineEnv prefers process env over the file", () => {
    const path = join(mkdtempSync(join(tmpdir(), "nova-env-")), "env");
    writeFileSync(path, "KAFKA_BROKERS=file:1\nNEO4J_URI=bolt://file\n");
    const env = readEngineEnv(["KAFKA_BROKERS", "NEO4J_URI"], { path, env: { KAFKA_BROKERS: "env:2" } });
    expect(env).toEqual({ KAFKA_BROKERS: "env:2", NEO4J_URI: "bolt://file" });
  });

  test("readEngineEnv names every missing variable instead of defaulting", () => {
    const path = join(mkdtempSync(join(tmpdir(), "nova-env-")), "absent");
    expect(() => readEngineEnv(["KAFKA_BROKERS", "CLICKHOUSE_URL"], { path, env: {} })).toThrow(
      /KAFKA_BROKERS, CLICKHOUSE_URL/,
    );
  });
});
