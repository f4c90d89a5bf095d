import { describe, expect, test } from "bun:test";
import { getIntrospectionQuery, parse } from "graphql";
import { createOperationMeasurer, measureOperations } from "../src/measure-operation.ts";

const measure = (source: string) => measureOperations(parse(source));

describe("measureOperations", () => {
  test("counts depth and fields of each named operation", () => {
    const sizes = measure("query A { a { b { c } d } } query B { x }");
    expect(sizes.get("A")).toMatchObject({ depth: 3, fieldCount: 4 });
    expect(sizes.get("B")).toMatchObject({ depth: 1, fieldCount: 1 });
  });

  test("inlines fragments and inline fragments at the depth where they are spread", () => {
    const sizes = measure(`
      { a { ...F ... on T { e { f } } } }
      fragment F on T { b { c } }
    `);
    expect(sizes.get("")).toMatchObject({ depth: 3, fieldCount: 5 });
  });

  test("counts a fragment at every spread, in linear time for a document built to explode", () => {
    // Each level spreads the next one twice: 2^30 fields if expanded naively.
    const levels = Array.from(
      { length: 30 },
      (_, i) => `fragment F${i} on T { a: x ...F${i + 1} b: x ...F${i + 1} }`,
    );
    const source = `{ ...F0 } ${levels.join(" ")} fragment F30 on T { x }`;
    const started = performance.now();
    const size = measure(source).get("");
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(size?.fieldCount).toBeGreaterThan(2 ** 30);
  });

  test("does not loop on fragment cycles (left to graphql's NoFragmentCycles rule)", () => {
    const sizes = measure("{ ...A } fragment A on T { x ...B } fragment B on T { y ...A }");
    expect(sizes.get("")?.fieldCount).toBeGreaterThan(0);
  });

  test("ignores __typename and exempts introspection from the depth limit, not from the field count", () => {
    const full = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
    });
    const size = measure(full).get("IntrospectionQuery");
    expect(size?.depth).toBe(0);
    // GraphiQL sends this on load; it must fit under the default cap of 1,000 fields.
    expect(size?.fieldCount).toBeLessThan(1_000);
    expect(measure("{ __typename a { __typename } }").get("")).toMatchObject({ depth: 1, fieldCount: 1 });
  });
});

describe("createOperationMeasurer (per document, per list-size variable value)", () => {
  const document = parse(`
    query Q($n: Int, $m: Int, $text: String) { posts(first: $n) { ...P } other(limit: 3, q: $text) { id } }
    fragment P on Post { comments(first: $m) { id } }
  `);

  test("the cost follows the list-size variables, fragments included, like measureOperations", () => {
    const measure = createOperationMeasurer();
    for (const variables of [{ n: 5, m: 2 }, { n: 50, m: 10 }, {}, null]) {
      expect(measure(document, variables).get("Q")?.cost).toBe(
        measureOperations(document, variables).get("Q")?.cost as number,
      );
    }
    expect(measure(document, { n: 5, m: 2 }).get("Q")?.cost).not.toBe(
      measure(document, { n: 5, m: 3 }).get("Q")?.cost,
    );
  });

  test("a known document with the same list sizes is not walked again; other variables do not matter", () => {
    const measure = createOperationMeasurer();
    const first = measure(document, { n: 5, m: 2, text: "a" });
    expect(measure(document, { n: 5, m: 2, text: "b" })).toBe(first);
    expect(measure(parse("{ a }"))).not.toBe(first);
  });

  test("keeps at most maxVariants variable values per document", () => {
    const measure = createOperationMeasurer(undefined, 2);
    const one = measure(document, { n: 1 });
    measure(document, { n: 2 });
    measure(document, { n: 3 });
    // The oldest was dropped: measured again (equal, not the same object).
    const again = measure(document, { n: 1 });
    expect(again).not.toBe(one);
    expect(again).toEqual(one);
  });
});
