import type { AuthContext } from "@nova/auth";
import type { ServiceContext } from "../context.ts";
import { assignCase } from "../domain/assign-case.ts";
import { fileAppeal } from "../domain/file-appeal.ts";
import { listAudit } from "../domain/list-audit.ts";
import { listMyReports } from "../domain/list-my-reports.ts";
import { listQueue } from "../domain/list-queue.ts";
import { type ReportInput, submitReport } from "../domain/submit-report.ts";
import { type ActionInput, takeAction } from "../domain/take-action.ts";

/** Per-request GraphQL context: the caller (with staff roles), verified on first use. */
export interface TrustSafetyGraphqlContext {
  viewer(): Promise<AuthContext | undefined>;
}

const defined = <T extends Record<string, unknown>>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;

/** Resolvers: each converts its arguments and calls a domain verb (which does the authorization). */
export function trustSafetyResolvers(ctx: ServiceContext) {
  type G = TrustSafetyGraphqlContext;
  return {
    Query: {
      myReports: async (_: unknown, __: unknown, g: G) => listMyReports({ ctx, auth: await g.viewer() }),
      moderationQueue: async (_: unknown, args: Record<string, unknown>, g: G) =>
        listQueue({ ctx, auth: await g.viewer(), input: defined(args) as never }),
      moderationAudit: async (_: unknown, args: { caseId?: string; limit?: number }, g: G) =>
        listAudit({ ctx, auth: await g.viewer(), input: defined(args) }),
    },
    Mutation: {
      report: async (_: unknown, args: { input: ReportInput }, g: G) =>
        submitReport({ ctx, auth: await g.viewer(), input: defined(args.input) as ReportInput }),
      appeal: async (_: unknown, args: { actionId: string; statement: string }, g: G) =>
        fileAppeal({ ctx, auth: await g.viewer(), input: args }),
      assignModerationCase: async (_: unknown, args: { caseId: string; assigneeId?: string }, g: G) =>
        (await assignCase({ ctx, auth: await g.viewer(), input: defined(args) as never })).caseId,
      takeModerationAction: async (_: unknown, args: { caseId: string; input: ActionInput }, g: G) =>
        takeAction({
          ctx,
          auth: await g.viewer(),
          input: { caseId: args.caseId, action: defined(args.input) as ActionInput },
        }),
    },
  };
}
