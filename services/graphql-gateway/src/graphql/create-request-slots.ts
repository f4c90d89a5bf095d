/** At most `limit` upstream calls of one client request in flight; the rest wait their turn. */
export interface RequestSlots {
  run<T>(work: () => Promise<T>): Promise<T>;
}

export function createRequestSlots(limit: number): RequestSlots {
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    active--;
    waiting.shift()?.();
  };
  return {
    async run(work) {
      if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      active++;
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}
