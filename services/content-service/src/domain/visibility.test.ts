import { describe, expect, test } from "bun:test";
import type { PostRow } from "../db/schema/index.ts";
import { type AudienceFacts, canSee } from "./visibility.ts";

const AUTHOR = "0192f6b4-0000-7000-8000-000000000001";
const VIEWER = "0192f6b4-0000-7000-8000-000000000002";

function row(overrides: Partial<PostRow> = {}): PostRow {
  const now = new Date();
  return {
    id: "0192f6b4-0000-7000-8000-0000000000aa",
    authorId: AUTHOR,
    text: "t",
    mediaIds: [],
    replyToPostId: null,
    quoteOfPostId: null,
    visibility: "public",
    contentWarning: null,
    hashtags: [],
    mentionedUserIds: [],
    replyPolicy: "everyone",
    quotesAllowed: true,
    status: "published",
    publishAt: null,
    publishedAt: now,
    editedAt: null,
    hiddenAt: null,
    hiddenReason: null,
    hiddenByAction: null,
    moderationLabels: [],
    moderationPending: false,
    commentCount: 0,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

const facts = (f: { following?: boolean; blocked?: boolean; private?: boolean } = {}): AudienceFacts => ({
  privateAuthors: new Set(f.private ? [AUTHOR] : []),
  relationships: new Map([
    [AUTHOR, { following: !!f.following, followedBy: false, blocked: !!f.blocked, muting: false }],
  ]),
});
const viewer = { accountId: VIEWER };

describe("canSee", () => {
  test("public posts of public accounts: everyone but a blocked pair", () => {
    expect(canSee(row(), undefined, facts())).toBe(true);
    expect(canSee(row(), viewer, facts())).toBe(true);
    expect(canSee(row(), viewer, facts({ blocked: true }))).toBe(false);
  });

  test("followers-only and private accounts: approved followers", () => {
    expect(canSee(row({ visibility: "followers" }), viewer, facts())).toBe(false);
    expect(canSee(row({ visibility: "followers" }), viewer, facts({ following: true }))).toBe(true);
    expect(canSee(row(), viewer, facts({ private: true }))).toBe(false);
    expect(canSee(row(), viewer, facts({ private: true, following: true }))).toBe(true);
    expect(canSee(row(), undefined, facts({ private: true }))).toBe(false);
  });

  test("mentioned-only: the mentioned", () => {
    expect(canSee(row({ visibility: "mentioned" }), viewer, facts({ following: true }))).toBe(false);
    expect(canSee(row({ visibility: "mentioned", mentionedUserIds: [VIEWER] }), viewer, facts())).toBe(true);
  });

  test("unknown facts fail closed", () => {
    const unknown: AudienceFacts = { privateAuthors: null, relationships: null };
    expect(canSee(row(), viewer, unknown)).toBe(false);
    expect(canSee(row({ visibility: "followers" }), viewer, { ...facts(), relationships: null })).toBe(false);
  });

  test("drafts and scheduled: the author only; hidden by moderation: the author only", () => {
    expect(canSee(row({ status: "draft" }), viewer, facts({ following: true }))).toBe(false);
    expect(canSee(row({ status: "draft" }), { accountId: AUTHOR }, facts())).toBe(true);
    expect(canSee(row({ hiddenAt: new Date() }), { accountId: AUTHOR }, facts())).toBe(true);
    expect(canSee(row({ hiddenAt: new Date() }), viewer, facts({ following: true }))).toBe(false);
    expect(canSee(row({ hiddenAt: new Date() }), undefined, facts())).toBe(false);
  });
});
