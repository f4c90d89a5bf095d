import { describe, expect, test } from "bun:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { z } from "zod";
import {
  ConflictError,
  fromConnectError,
  fromZodError,
  InvalidArgumentError,
  NotFoundError,
  problemResponse,
  RateLimitedError,
  toConnectError,
  toGraphQLError,
  toProblem,
} from "../src/index.ts";

describe("problem+json", () => {
  test("domain errors keep status, code and field violations", async () => {
    const res = problemResponse(
      new InvalidArgumentError("bad", [{ field: "email", message: "must be an email" }]),
      {
        requestId: "r1",
        instance: "/api/v1/x",
      },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = await res.json();
    expect(body).toMatchObject({
      status: 400,
      code: "invalid_argument",
      requestId: "r1",
      instance: "/api/v1/x",
    });
    expect(body.violations).toEqual([{ field: "email", message: "must be an email" }]);
  });

  test("conflict names the field", () => {
    expect(toProblem(new ConflictError("email taken", "email"))).toMatchObject({
      status: 409,
      violations: [{ field: "email" }],
    });
  });

  test("rate limits carry Retry-After", () => {
    const res = problemResponse(new RateLimitedError(2.2));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("3");
    expect(res.headers.get("ratelimit")).toBeNull();
  });

  test("rate limits with a policy carry the IETF RateLimit and RateLimit-Policy fields", () => {
    const res = problemResponse(
      new RateLimitedError(12, "too many posts", {
        rateLimit: '"posts-account-1m";r=0;t=12',
        rateLimitPolicy: '"posts-account-1m";q=30;w=60',
      }),
    );
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("12");
    expect(res.headers.get("ratelimit")).toBe('"posts-account-1m";r=0;t=12');
    expect(res.headers.get("ratelimit-policy")).toBe('"posts-account-1m";q=30;w=60');
  });

  test("unknown errors leak nothing", () => {
    const p = toProblem(new Error("password=hunter2 at db.ts:12"), { requestId: "abc" });
    expect(p.status).toBe(500);
    expect(JSON.stringify(p)).not.toContain("hunter2");
    expect(p.requestId).toBe("abc");
  });
});

describe("Connect mapping", () => {
  test("round-trips through ConnectError", () => {
    const ce = toConnectError(new NotFoundError("post", "p1"));
    expect(ce.code).toBe(Code.NotFound);
    const back = fromConnectError(ce);
    expect(back.code).toBe("not_found");
    expect(back.message).toBe("post p1 not found");
  });
  test("violations survive the wire metadata", () => {
    const back = fromConnectError(
      toConnectError(new InvalidArgumentError("bad", [{ field: "a", message: "b" }])),
    );
    expect(back.details.violations).toEqual([{ field: "a", message: "b" }]);
  });
  test("unknown errors are Internal without the message", () => {
    const ce = toConnectError(new Error("secret"), "rid");
    expect(ce.code).toBe(Code.Internal);
    expect(ce.message).not.toContain("secret");
    expect(fromConnectError(new ConnectError("x", Code.Unavailable)).code).toBe("unavailable");
  });
});

describe("GraphQL mapping", () => {
  test("codes are upper-case extensions", () => {
    expect(toGraphQLError(new ConflictError("taken", "username")).extensions.code).toBe("CONFLICT");
    const unknown = toGraphQLError(new Error("boom"), "rid");
    expect(unknown.message).not.toContain("boom");
    expect(unknown.extensions).toMatchObject({ code: "INTERNAL", requestId: "rid" });
  });
});

test("zod issues become field violations", () => {
  const r = z.object({ email: z.email(), age: z.number().min(13) }).safeParse({ email: "x", age: 3 });
  if (r.success) throw new Error("expected failure");
  const err = fromZodError(r.error);
  expect(err.details.violations?.map((v) => v.field).sort()).toEqual(["age", "email"]);
});
