import type { Counter, Gauge, Histogram, LabelValues } from "prom-client";

/**
 * Hot-path recording for one fixed label set. prom-client hashes and validates the labels object on
 * every `inc`/`observe` (and `labels(...)` children do the same on each call), which shows up in
 * every request's profile. A bound recorder resolves the series once: it keeps a reference to
 * prom-client's own entry for that label set and adds to it directly, exactly as prom-client would
 * (`value` for counters and gauges; `sum`, `count` and the matching bucket for histograms). Each
 * call first checks that the entry is still the one the metric holds, so `reset()`, `remove()` or a
 * prom-client upgrade that stores series differently only sends calls back through the public API
 * (and the entry is re-resolved) — never to a series the metric no longer exports.
 */
export interface BoundCounter {
  inc(value?: number): void;
}
export interface BoundGauge {
  inc(value?: number): void;
  dec(value?: number): void;
}
export interface BoundHistogram {
  observe(seconds: number): void;
}

interface Internals<E> {
  hashMap?: Record<string, E | undefined>;
  sortedLabelNames?: readonly string[];
}

/** prom-client's series key for `labels` (its `fastHashObject`): `name:value,` in sorted name order. */
function seriesKey(sorted: readonly string[] | undefined, labels: Record<string, unknown>): string {
  let key = "";
  for (const name of sorted ?? []) {
    const value = labels[name];
    if (value !== undefined) key += `${name}:${value},`;
  }
  return key;
}

function bind<E>(
  metric: object,
  labels: Record<string, unknown>,
  slow: (value: number) => void,
  fast: (entry: E, value: number) => void,
): (value: number) => void {
  const internals = metric as Internals<E>;
  const key = seriesKey(internals.sortedLabelNames, labels);
  let entry: E | undefined;
  return (value) => {
    if (entry !== undefined && internals.hashMap?.[key] === entry && Number.isFinite(value)) {
      fast(entry, value);
      return;
    }
    slow(value);
    entry = internals.hashMap?.[key];
  };
}

export function bindCounter<T extends string>(counter: Counter<T>, labels: LabelValues<T>): BoundCounter {
  const add = bind<{ value: number }>(
    counter,
    labels,
    (v) => counter.inc(labels, v),
    (e, v) => {
      if (v < 0) counter.inc(labels, v); // throws as prom-client does
      e.value += v;
    },
  );
  return { inc: (value = 1) => add(value) };
}

export function bindGauge<T extends string>(gauge: Gauge<T>, labels: LabelValues<T>): BoundGauge {
  const add = bind<{ value: number }>(
    gauge,
    labels,
    (v) => gauge.inc(labels, v),
    (e, v) => {
      e.value += v;
    },
  );
  return { inc: (value = 1) => add(value), dec: (value = 1) => add(-value) };
}

export function bindHistogram<T extends string>(
  histogram: Histogram<T>,
  labels: LabelValues<T>,
): BoundHistogram {
  const bounds = (histogram as unknown as { upperBounds?: readonly number[] }).upperBounds ?? [];
  // prom-client keys buckets by the bound (a number, so its string form); converted once here.
  const keys = bounds.map(String);
  const observe = bind<{ sum: number; count: number; bucketValues: Record<string, number> }>(
    histogram,
    labels,
    (v) => histogram.observe(labels, v),
    (e, v) => {
      e.sum += v;
      e.count += 1;
      for (let i = 0; i < bounds.length; i++) {
        if (v <= (bounds[i] as number)) {
          const key = keys[i] as string;
          const buckets = e.bucketValues;
          if (Object.hasOwn(buckets, key)) buckets[key] = (buckets[key] as number) + 1;
          return;
        }
      }
    },
  );
  return { observe };
}

/**
 * Recorders per label set, made once and reused: `get(key, make)` returns the cached value for
 * `key`. At most `max` label sets are kept (a label value the caller does not bound — an odd HTTP
 * method — must not grow memory without limit); beyond that, `make` runs on every call.
 */
export function boundCache<V, K = string>(max = 1000): { get(key: K, make: () => V): V } {
  const cache = new Map<K, V>();
  return {
    get(key, make) {
      let v = cache.get(key);
      if (v === undefined) {
        v = make();
        if (cache.size < max) cache.set(key, v);
      }
      return v;
    },
  };
}
