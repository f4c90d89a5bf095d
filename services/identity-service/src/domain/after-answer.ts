const pending = new WeakMap<object, Set<Promise<void>>>();

/**
 * Runs `task` after the caller has been answered: for work whose duration must not show in the
 * response time (a reset link is made and mailed only for known addresses; awaiting it would tell
 * who has an account). A failure goes to `onError`; the task is tracked per `owner` (the service
 * context) until it settles.
 */
export function afterAnswer(owner: object, task: () => Promise<void>, onError: (err: unknown) => void): void {
  let set = pending.get(owner);
  if (!set) {
    set = new Set();
    pending.set(owner, set);
  }
  const tasks = set;
  const running: Promise<void> = new Promise<void>((resolve) => setTimeout(resolve, 0))
    .then(task)
    .catch(onError)
    .finally(() => tasks.delete(running));
  tasks.add(running);
}

/** Resolves when every task `afterAnswer` started for `owner` so far has settled. */
export async function afterAnswerSettled(owner: object): Promise<void> {
  while ((pending.get(owner)?.size ?? 0) > 0) await Promise.allSettled([...(pending.get(owner) ?? [])]);
}
