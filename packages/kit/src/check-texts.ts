import { UnavailableError, UnprocessableContentError } from "@nova/errors";
import type { Logger } from "@nova/observability";
import { Counter, type Registry } from "prom-client";

/** trust-safety's Check as a writer calls it (the generated client's `check`). */
export type TextCheck = (
  req: { accountId: string; subjectType: string; subjectId: string; text: string },
  opts: { timeoutMs: number; signal: AbortSignal },
) => Promise<{ decision: string; reasonCode: string }>;

/** What a write does when trust-safety does not answer in time: refuse it (503) or let it through. */
export type CheckFailMode = "reject" | "allow";

/**
 * Writes trust-safety did not answer in time, by the fail mode applied: one counter for every
 * writer (content, user, identity), so one alert rule (NovaModerationChecksUnanswered) covers them.
 */
export function moderationUnansweredCounter(registry: Registry): Counter<"fail_mode"> {
  const existing = registry.getSingleMetric("moderation_check_unanswered_total");
  return (
    (existing as Counter<"fail_mode"> | undefined) ??
    new Counter({
      name: "moderation_check_unanswered_total",
      help: "Writes trust-safety did not answer in time, by the fail mode applied",
      labelNames: ["fail_mode"],
      registers: [registry],
    })
  );
}

/**
 * trust-safety's Check on short texts that have no "visible to the author only" state (profile
 * fields, a sign-up username), one call per non-empty field, in parallel, within `timeoutMs`,
 * before anything is saved:
 * - `reject` → 422 with trust-safety's reasonCode (the field named);
 * - `hold` → 422 `held_for_review` (trust-safety keeps the case; the writer may try other wording);
 * - `label`/`allow` → passes.
 * No answer in time: `failMode` — `reject` (503) or `allow`; logged and counted either way, never a
 * silent pass.
 */
export async function checkTexts(
  ctx: { trustSafety: { check: TextCheck }; log: Logger; metrics: { registry: Registry } },
  input: {
    accountId: string;
    subjectId: string;
    /** Check's subject type → text; empty or absent fields are not checked. */
    fields: Readonly<Record<string, string | undefined>>;
    timeoutMs: number;
    failMode: CheckFailMode;
    /** The 503's message: what could not be checked. */
    unavailable: string;
  },
): Promise<void> {
  const fields = Object.entries(input.fields).filter(
    (f): f is [string, string] => typeof f[1] === "string" && f[1].length > 0,
  );
  if (fields.length === 0) return;
  const { accountId, subjectId, timeoutMs, failMode } = input;
  let answers: Awaited<ReturnType<TextCheck>>[];
  try {
    answers = await Promise.all(
      fields.map(([subjectType, text]) =>
        ctx.trustSafety.check(
          { accountId, subjectType, subjectId, text },
          { timeoutMs, signal: AbortSignal.timeout(timeoutMs) },
        ),
      ),
    );
  } catch (err) {
    moderationUnansweredCounter(ctx.metrics.registry).inc({ fail_mode: failMode });
    ctx.log.warn("trust-safety did not answer the check", {
      accountId,
      fields: fields.map((f) => f[0]),
      failMode,
      err,
    });
    if (failMode === "reject") throw new UnavailableError(input.unavailable);
    return;
  }
  for (const [i, res] of answers.entries()) {
    const field = fields[i]?.[0];
    if (res.decision === "reject")
      throw new UnprocessableContentError(`the ${field} cannot be used: ${res.reasonCode}`, res.reasonCode, {
        field,
      });
    if (res.decision === "hold")
      throw new UnprocessableContentError(`the ${field} is held for review`, "held_for_review", {
        field,
        ruleReasonCode: res.reasonCode,
      });
  }
}
