import { UnauthenticatedError } from "@nova/errors";

/**
 * The token of an `Authorization: Bearer …` header; undefined when the header is absent.
 * A present but malformed header is an error rather than "anonymous", so a client bug is loud.
 */
export function bearerToken(header: string | null | undefined): string | undefined {
  if (header === null || header === undefined || header === "") return undefined;
  const match = /^Bearer[ ]+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(header);
  if (!match?.[1]) throw new UnauthenticatedError("authorization header must be 'Bearer <token>'");
  return match[1];
}
