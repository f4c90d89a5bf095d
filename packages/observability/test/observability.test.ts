import { describe, expect, test } from "bun:test";
import {
  continueTrace,
  createLogger,
  createServiceMetrics,
  formatTraceparent,
  requestIdFrom,
} from "../src/index.ts";

describe("logger", () => {
  test("writes JSON lines at or above the level, with base and child fields", () => {
    const lines: string[] = [];
    const log = createLogger({ level: "info", base: { service: "s" }, write: (l) => lines.push(l) });
    log.debug("hidden");
    log.child({ requestId: "r1" }).info("shown", { n: 1, err: new Error("boom") });
    expect(lines).toHaveLength(1);
    const rec = JSON.parse(lines[0] as string);
    expect(rec).toMatchObject({ level: "info", service: "s", requestId: "r1", msg: "shown", n: 1 });
    expect(rec.err.message).toBe("boom");
    expect(Date.parse(rec.time)).not.toBeNaN();
  });
});

describe("trace context", () => {
  test("continues a valid traceparent with a new span", () => {
    const t = continueTrace("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    expect(t.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(t.parentSpanId).toBe("00f067aa0ba902b7");
    expect(t.spanId).not.toBe("00f067aa0ba902b7");
    expect(formatTraceparent(t)).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
  });
  test("starts a new trace on garbage or all-zero ids", () => {
    for (const h of ["nope", "00-00000000000000000000000000000000-00f067aa0ba902b7-01", undefined]) {
      const t = continueTrace(h);
      expect(t.parentSpanId).toBeUndefined();
      expect(t.traceId).toMatch(/^[0-9a-f]{32}$/);
    }
  });
  test("request ids are kept when sane and replaced otherwise", () => {
    expect(requestIdFrom("abc-123")).toBe("abc-123");
    expect(requestIdFrom("bad id with spaces")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("metrics", () => {
  test("registries are per service and carry service/version labels", async () => {
    const a = createServiceMetrics({ service: "a", version: "1", processMetrics: false });
    const b = createServiceMetrics({ service: "b", version: "1", processMetrics: false });
    a.httpRequests.inc({ method: "GET", route: "/x", status: "200" });
    const text = await a.render();
    expect(text).toContain(
      'http_requests_total{method="GET",route="/x",status="200",service="a",version="1"} 1',
    );
    expect(await b.render()).not.toContain('route="/x"');
  });
});
