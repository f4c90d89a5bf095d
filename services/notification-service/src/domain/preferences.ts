import type { ServiceContext } from "../context.ts";
import { loadPreferences, savePreferences } from "../db/preference-queries.ts";
import { applyPatch, type Preferences, preferencesPatchSchema } from "./preferences-shape.ts";
import { validateInput } from "./validate-input.ts";
import { requireViewer, type Viewer } from "./viewer.ts";

/** The viewer's preferences (defaults filled in). */
export async function getPreferences(args: { ctx: ServiceContext; viewer: Viewer }): Promise<Preferences> {
  return loadPreferences(args.ctx.db.db, requireViewer(args.viewer));
}

/** Merges a partial change (per type and channel) into the viewer's preferences; returns the result. */
export async function updatePreferences(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: unknown;
}): Promise<Preferences> {
  const { ctx } = args;
  const accountId = requireViewer(args.viewer);
  const patch = validateInput(preferencesPatchSchema, args.input ?? {}, "preferences");
  const next = applyPatch(await loadPreferences(ctx.db.db, accountId), patch);
  await savePreferences(ctx.db.db, accountId, next, ctx.clock());
  return next;
}
