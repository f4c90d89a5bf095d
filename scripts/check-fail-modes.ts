/**
 * Check's fail modes for a system that runs without trust-safety-service (a subset, in a suite or a
 * bench): profile text (user-service), sign-up usernames (identity-service) and images
 * (media-service) pass and are counted instead of refused with 503, their default. Empty when
 * trust-safety runs (its real Check answers).
 */
export function checkFailModes(running: Iterable<string>): Record<string, string> {
  return [...running].includes("trust-safety-service")
    ? {}
    : { PROFILE_CHECK_FAIL_MODE: "allow", USERNAME_CHECK_FAIL_MODE: "allow", MEDIA_CHECK_FAIL_MODE: "allow" };
}
