import { describe, expect, test } from "bun:test";
import { idPage, parseIdPage } from "./id-page.ts";

const sizes = { defaultSize: 200, maxSize: 1000 };

describe("id pages", () => {
  test("a full page's cursor starts the next page after its last id", () => {
    const ids = ["0190a0e0-0000-7000-8000-000000000001", "0190a0e0-0000-7000-8000-000000000002"];
    const page = idPage(ids, 2, (id) => id);
    expect(parseIdPage({ pageSize: 2, cursor: page.nextCursor }, sizes)).toEqual({
      afterId: ids[1],
      limit: 2,
    });
    expect(idPage(ids, 3, (id) => id).nextCursor).toBe("");
  });

  test("defaults the size and refuses bad sizes and foreign cursors", () => {
    expect(parseIdPage({ pageSize: 0, cursor: "" }, sizes)).toEqual({ afterId: undefined, limit: 200 });
    expect(() => parseIdPage({ pageSize: 1001, cursor: "" }, sizes)).toThrow("page size is invalid");
    expect(() => parseIdPage({ pageSize: -1, cursor: "" }, sizes)).toThrow("page size is invalid");
    expect(() => parseIdPage({ pageSize: 5, cursor: "bm90LWEtdXVpZA" }, sizes)).toThrow("cursor is invalid");
  });
});
