import { UnauthenticatedError } from "@nova/errors";

/** Who is asking: the verified token's account, or undefined for an anonymous caller. */
export type Viewer = { readonly accountId: string } | undefined;

export function requireViewer(viewer: Viewer): string {
  if (!viewer) throw new UnauthenticatedError();
  return viewer.accountId;
}
