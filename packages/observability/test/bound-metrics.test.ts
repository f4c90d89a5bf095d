import { describe, expect, test } from "bun:test";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { bindCounter, bindGauge, bindHistogram, boundCache } from "../src/index.ts";

const BUCKETS = [0.005, 0.01, 0.1, 1];

function metricsOn(registry: Registry) {
  registry.setDefaultLabels({ service: "s", version: "v" });
  const registers = [registry];
  const labelNames = ["service", "version", "method", "route"] as const;
  return {
    counter: new Counter({ name: "c_total", help: "c", labelNames, registers }),
    histogram: new Histogram({ name: "h_seconds", help: "h", labelNames, buckets: BUCKETS, registers }),
    gauge: new Gauge({ name: "g", help: "g", labelNames: ["service", "version"], registers }),
  };
}

// Observations including every bucket edge, one above the last bound, and zero.
const VALUES = [0, 0.001, 0.005, 0.0051, 0.01, 0.05, 0.1, 0.5, 1, 2, 30];

describe("bound metrics", () => {
  test("record exactly what prom-client's own inc/observe record", async () => {
    const plainRegistry = new Registry();
    const boundRegistry = new Registry();
    const plain = metricsOn(plainRegistry);
    const bound = metricsOn(boundRegistry);
    const series = [
      { method: "GET", route: "/a" },
      { method: "POST", route: "/b/:id" },
    ];
    for (const labels of series) {
      const c = bindCounter(bound.counter, labels);
      const h = bindHistogram(bound.histogram, labels);
      for (const v of VALUES) {
        plain.counter.inc(labels);
        plain.histogram.observe(labels, v);
        c.inc();
        h.observe(v);
      }
      plain.counter.inc(labels, 2.5);
      c.inc(2.5);
    }
    const g = bindGauge(bound.gauge, {});
    for (let i = 0; i < 5; i++) {
      plain.gauge.inc();
      g.inc();
    }
    plain.gauge.dec(2);
    g.dec(2);
    expect(await boundRegistry.metrics()).toBe(await plainRegistry.metrics());
    expect(await boundRegistry.metrics()).toContain(
      'c_total{method="GET",route="/a",service="s",version="v"} 13.5',
    );
  });

  test("after reset() a bound recorder writes to the metric's new series, not the dropped one", async () => {
    const registry = new Registry();
    const { counter, histogram } = metricsOn(registry);
    const labels = { method: "GET", route: "/a" };
    const c = bindCounter(counter, labels);
    const h = bindHistogram(histogram, labels);
    c.inc();
    c.inc();
    h.observe(0.5);
    counter.reset();
    histogram.reset();
    c.inc();
    h.observe(0.001);
    h.observe(0.002);
    const text = await registry.metrics();
    expect(text).toContain('c_total{method="GET",route="/a",service="s",version="v"} 1');
    expect(text).toContain('h_seconds_count{service="s",version="v",method="GET",route="/a"} 2');
    expect(text).toContain('h_seconds_bucket{le="0.005",service="s",version="v",method="GET",route="/a"} 2');
  });

  test("invalid values are refused as prom-client refuses them", () => {
    const { counter, histogram } = metricsOn(new Registry());
    const labels = { method: "GET", route: "/a" };
    const c = bindCounter(counter, labels);
    const h = bindHistogram(histogram, labels);
    c.inc();
    h.observe(0.1);
    expect(() => c.inc(-1)).toThrow();
    expect(() => h.observe(Number.NaN)).toThrow();
  });

  test("boundCache keeps at most `max` keys and still answers beyond them", () => {
    const cache = boundCache<number>(2);
    let made = 0;
    const make = () => ++made;
    expect(cache.get("a", make)).toBe(1);
    expect(cache.get("a", make)).toBe(1);
    expect(cache.get("b", make)).toBe(2);
    expect(cache.get("c", make)).toBe(3);
    expect(cache.get("c", make)).toBe(4);
    expect(cache.get("b", make)).toBe(2);
  });
});
