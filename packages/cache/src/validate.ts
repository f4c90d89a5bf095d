import { InvalidArgumentError } from "@nova/errors";
import type { AdmitCheck, LogAppend, ScoredMember, TtlOptions, ZRevRangeOptions } from "./cache-store.ts";

// Both adapters validate the same way so that bad input fails identically, before any I/O.

export function checkKey(key: string, field = "key"): string {
  if (typeof key !== "string" || key.length === 0) {
    throw new InvalidArgumentError(`${field} must be a non-empty string`, [
      { field, message: "must be a non-empty string" },
    ]);
  }
  return key;
}

export function checkTtl(options: TtlOptions | undefined): number | undefined {
  const ttl = options?.ttlMs;
  if (ttl === undefined) return undefined;
  return checkPositiveInt(ttl, "ttlMs");
}

export function checkPositiveInt(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new InvalidArgumentError(`${field} must be a positive integer`, [
      { field, message: "must be a positive integer" },
    ]);
  }
  return value;
}

export function checkInt(value: number, field: string): number {
  if (!Number.isSafeInteger(value)) {
    throw new InvalidArgumentError(`${field} must be an integer`, [{ field, message: "must be an integer" }]);
  }
  return value;
}

export function checkMembers(members: readonly ScoredMember[]): readonly ScoredMember[] {
  for (const m of members) {
    checkKey(m.member, "member");
    if (!Number.isFinite(m.score)) {
      throw new InvalidArgumentError("score must be a finite number", [
        { field: "score", message: "must be a finite number" },
      ]);
    }
  }
  return members;
}

export function checkRange(
  options: ZRevRangeOptions,
): Required<Omit<ZRevRangeOptions, "maxScore" | "minScore">> &
  Pick<ZRevRangeOptions, "maxScore" | "minScore"> {
  checkPositiveInt(options.limit, "limit");
  const offset = options.offset ?? 0;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new InvalidArgumentError("offset must be a non-negative integer", [
      { field: "offset", message: "must be a non-negative integer" },
    ]);
  }
  for (const field of ["maxScore", "minScore"] as const) {
    const v = options[field];
    if (v !== undefined && Number.isNaN(v)) {
      throw new InvalidArgumentError(`${field} must be a number`, [{ field, message: "must be a number" }]);
    }
  }
  return { ...options, offset, exclusiveMax: options.exclusiveMax ?? false };
}

/** Serialises a cache value; rejects what JSON cannot round-trip (undefined, functions, BigInt). */
export function encodeValue(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new InvalidArgumentError(`value is not JSON-serialisable: ${(cause as Error).message}`, [
      { field: "value", message: "must be JSON-serialisable" },
    ]);
  }
  if (text === undefined) {
    throw new InvalidArgumentError("value is not JSON-serialisable", [
      { field: "value", message: "must be JSON-serialisable (not undefined or a function)" },
    ]);
  }
  return text;
}

export function decodeValue<T>(text: string | null | undefined): T | undefined {
  return text === null || text === undefined ? undefined : (JSON.parse(text) as T);
}

/** Validates `zadmit`'s arguments (both adapters, before any I/O). */
export function checkAdmit(
  checks: readonly AdmitCheck[],
  entry: ScoredMember,
  options: { ttlMs: number },
): void {
  if (checks.length === 0)
    throw new InvalidArgumentError("checks must not be empty", [
      { field: "checks", message: "must not be empty" },
    ]);
  for (const c of checks) {
    checkKey(c.key);
    checkPositiveInt(c.limit, "limit");
    if (!Number.isFinite(c.since))
      throw new InvalidArgumentError("since must be a finite number", [
        { field: "since", message: "must be finite" },
      ]);
  }
  checkMembers([entry]);
  checkPositiveInt(options.ttlMs, "ttlMs");
}

/** Validates `zlogAppend`'s arguments (both adapters, before any I/O). */
export function checkLogAppend(logs: readonly LogAppend[], options: { ttlMs: number }): void {
  for (const l of logs) {
    checkKey(l.key);
    checkPositiveInt(l.keep, "keep");
    if (!Number.isFinite(l.since))
      throw new InvalidArgumentError("since must be a finite number", [
        { field: "since", message: "must be finite" },
      ]);
    checkMembers([l.entry]);
  }
  checkPositiveInt(options.ttlMs, "ttlMs");
}
