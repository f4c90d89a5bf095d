/** Polls `check` until it returns true or `timeoutMs` passes; for eventually-delivered effects (pub/sub). */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 2_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return check();
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
