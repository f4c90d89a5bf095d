/** This instance's live state: running transcoders and recent viewers, per live stream. */
export interface LiveRuntime {
  transcoders: Map<string, { done: Promise<number>; stop(): void; recording: string; streamKey: string }>;
  /** live id → viewer (client address) → last playlist fetch (epoch ms). */
  viewers: Map<string, Map<string, number>>;
  /** live ids whose end is being processed (on_publish_done and ffmpeg's exit race). */
  ending: Map<string, Promise<void>>;
  /** live id → when its viewer count was last written to the database (epoch ms). */
  viewersWrittenAt: Map<string, number>;
}

export function createLiveRuntime(): LiveRuntime {
  return { transcoders: new Map(), viewers: new Map(), ending: new Map(), viewersWrittenAt: new Map() };
}

/** Viewers seen in the last 15 s. */
export function countViewers(rt: LiveRuntime, liveId: string, now: number): number {
  const seen = rt.viewers.get(liveId);
  if (!seen) return 0;
  for (const [who, at] of seen) if (now - at > 15_000) seen.delete(who);
  return seen.size;
}
