import { InvalidArgumentError } from "@nova/errors";

/** Furthest a post may be scheduled ahead. */
export const MAX_SCHEDULE_AHEAD_MS = 365 * 24 * 60 * 60 * 1000;

/** A scheduled time as a Date: in the future, at most a year ahead; 400 naming `scheduledAt` otherwise. */
export function scheduleTime(value: string, now: Date): Date {
  const at = new Date(value);
  const bad = (message: string) =>
    new InvalidArgumentError("post is invalid", [{ field: "scheduledAt", message }]);
  if (at.getTime() <= now.getTime()) throw bad("must be in the future");
  if (at.getTime() - now.getTime() > MAX_SCHEDULE_AHEAD_MS) throw bad("must be at most a year ahead");
  return at;
}
