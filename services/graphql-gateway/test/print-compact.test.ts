import { describe, expect, test } from "bun:test";
import { parse, print, stripIgnoredCharacters } from "graphql";
import { printCompact } from "../src/graphql/print-compact.ts";

const DOCUMENTS = [
  "{ a }",
  "query { a b { c } }",
  "query Q { a }",
  "query ($id: ID!, $n: [Int!] = [1, 2], $o: In = { a: 1, b: [true, null] }) { post(id: $id) { id } }",
  "mutation M($i: CreatePostInput!) @x(a: 1) { createPost(input: $i) { id ...F ... on Post { text } ... @include(if: $b) { id } } }",
  'subscription { updates(first: 10, after: "a \\"quoted\\" \\u00e9 \\n") { id } }',
  "fragment F on Post @d { id author { id } } query { post { ...F @skip(if: false) } }",
  "{ a: b(x: ENUM_V, y: 1.5e3, z: -2) c: d { e } }",
  '{ f(s: """block\n  text""") }',
  'query { _0__users: _users(keys: [{ id: "u1" }, { id: "u2" }]) { __typename id username } }',
  "{ a(x: []) b(y: {}) }",
];

describe("printCompact", () => {
  for (const text of DOCUMENTS) {
    test(`matches stripIgnoredCharacters(print(…)) for ${text.slice(0, 40)}`, () => {
      const document = parse(text);
      expect(printCompact(document)).toBe(stripIgnoredCharacters(print(document)));
    });
  }

  test("a built document without locations prints the same as graphql's printer", () => {
    const document = JSON.parse(
      JSON.stringify(parse("query($a: ID) { x(a: $a) { ... on T { y } } }"), (k, v) =>
        k === "loc" ? undefined : v,
      ),
    );
    expect(printCompact(document)).toBe(stripIgnoredCharacters(print(document)));
  });
});
