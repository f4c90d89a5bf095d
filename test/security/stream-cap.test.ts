/**
 * Family 11 — one account opens 300 concurrent home-updates streams. Held: every stream past the
 * per-account cap is refused with 429 (the cap itself is the system's choice; anything above
 * 50 open streams for one account counts as no cap), and none is answered with a 5xx.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { attack, breaches } from "./support/attack.ts";
import { type OpenStream, openStream } from "./support/http-client.ts";
import { newMember } from "./support/members.ts";
import { system, url } from "./support/system.ts";

const FAMILY = "stream cap";
const STREAMS = 300;
const MOST_ACCEPTABLE = 50;

beforeAll(async () => {
  await system();
}, 240_000);

describe("open streams per account are capped", () => {
  test(`${STREAMS} concurrent /api/v1/feed/home/updates from one account`, async () => {
    const m = await newMember("streamer");
    const opened: OpenStream[] = [];
    const result = await attack(
      FAMILY,
      `${STREAMS} concurrent home-updates streams from one account`,
      async () => {
        const outcomes = await Promise.all(
          Array.from({ length: STREAMS }, () =>
            openStream(url("feed-service", "/api/v1/feed/home/updates"), {
              token: m.token,
              from: m.ip,
              headers: { accept: "text/event-stream" },
              timeoutMs: 20_000,
            }).then(
              (s) => {
                opened.push(s);
                return String(s.status);
              },
              (e: Error) => `error ${e.message}`,
            ),
          ),
        );
        const tally = new Map<string, number>();
        for (const o of outcomes) tally.set(o, (tally.get(o) ?? 0) + 1);
        const accepted = tally.get("200") ?? 0;
        const refused = tally.get("429") ?? 0;
        return {
          held: accepted <= MOST_ACCEPTABLE && accepted + refused === STREAMS,
          why: `outcomes ${[...tally].map(([k, n]) => `${k}×${n}`).join(", ")} (held: ≤${MOST_ACCEPTABLE} open, the rest 429)`,
        };
      },
      60_000,
    );
    for (const s of opened) s.close();
    expect(breaches([result])).toEqual([]);
  }, 90_000);
});
