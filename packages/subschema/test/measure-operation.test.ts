import { describe, expect, test } from "bun:test";
import { getIntrospectionQuery, parse } from "graphql";
import { measureOperations } from "../src/measure-operation.ts";

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
