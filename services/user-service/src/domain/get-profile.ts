import { NotFoundError } from "@nova/errors";
import { z } from "zod";
import type { ServiceContext } from "../context.ts";
import { type ProfileView, toProfileView } from "./profile-view.ts";
import { validateInput } from "./validate-input.ts";
import type { Viewer } from "./viewer.ts";

const inputSchema = z.object({ id: z.uuid("must be a user id (UUID)") });

/**
 * A profile by id, as the viewer may see it (anyone may look up a profile, signed in or not).
 * A signed-in account opening another's profile records a visit (ProfileViewed, in the background).
 */
export async function getProfile(args: {
  ctx: ServiceContext;
  viewer: Viewer;
  input: { id: string };
  traceparent?: string | undefined;
}): Promise<ProfileView> {
  const { id } = validateInput(inputSchema, args.input, "user id");
  const record = (await args.ctx.profiles.byIds([id])).get(id);
  if (!record) throw new NotFoundError("user", id);
  const view = toProfileView(record, args.viewer);
  args.ctx.visits.record({ viewer: args.viewer, profileId: record.id, traceparent: args.traceparent });
  return view;
}
