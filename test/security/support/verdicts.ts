/**
 * Checks that turn a reply into a verdict. A 5xx never holds, whatever the attack expected.
 */
import type { Verdict } from "./attack.ts";
import { jsonOf, type Reply } from "./http-client.ts";

const snippet = (text: string) => text.replace(/\s+/g, " ").slice(0, 160);

/** Held when the status is one of `expected` (and not a 5xx). */
export function statusIn(reply: Reply, expected: number[]): Verdict {
  const why = `HTTP ${reply.status} ${snippet(reply.text)}`;
  if (reply.status >= 500) return { held: false, why: `5xx: ${why}` };
  return { held: expected.includes(reply.status), why: `expected ${expected.join("/")}, got ${why}` };
}

/** Held when none of `secrets` appears in the reply (nothing private leaked), and it is no 5xx. */
export function leaksNone(reply: Reply, secrets: string[]): Verdict {
  if (reply.status >= 500) return { held: false, why: `5xx: HTTP ${reply.status} ${snippet(reply.text)}` };
  const leaked = secrets.filter((s) => reply.text.includes(s));
  return leaked.length === 0
    ? { held: true, why: `HTTP ${reply.status}, nothing private in the answer` }
    : {
        held: false,
        why: `HTTP ${reply.status} leaked ${leaked.length} private value(s): ${snippet(reply.text)}`,
      };
}

/** Held when the status is one of `refusals`, or — for a 2xx — nothing private leaked. */
export function refusedOrBlind(reply: Reply, refusals: number[], secrets: string[]): Verdict {
  if (refusals.includes(reply.status)) return statusIn(reply, refusals);
  if (reply.status >= 200 && reply.status < 300) return leaksNone(reply, secrets);
  return statusIn(reply, refusals);
}

interface GraphqlBody {
  data?: Record<string, unknown> | null;
  errors?: { message?: string; extensions?: { code?: string } }[];
}

/**
 * Held when a GraphQL answer refuses with one of `codes` (HTTP status in `statuses`, or a 200 whose
 * errors carry the code) and its data holds none of `secrets`.
 */
export function graphqlRefused(
  reply: Reply,
  codes: string[],
  secrets: string[] = [],
  statuses: number[] = [401, 403],
): Verdict {
  if (reply.status >= 500) return { held: false, why: `5xx: HTTP ${reply.status} ${snippet(reply.text)}` };
  if (statuses.includes(reply.status)) return { held: true, why: `HTTP ${reply.status}` };
  const body = jsonOf<GraphqlBody>(reply);
  const got = (body?.errors ?? []).map((e) => e.extensions?.code ?? "none");
  const leaked = secrets.filter((s) => JSON.stringify(body?.data ?? null).includes(s));
  const refused = got.some((c) => codes.includes(c));
  if (got.includes("INTERNAL_SERVER_ERROR") || got.includes("INTERNAL"))
    return { held: false, why: `internal error: ${snippet(reply.text)}` };
  return {
    held: refused && leaked.length === 0,
    why: `HTTP ${reply.status}, codes [${got.join(",")}], expected one of ${codes.join("/")}${leaked.length ? `, leaked ${leaked.length} private value(s)` : ""}: ${snippet(reply.text)}`,
  };
}

/**
 * Held when a GraphQL answer (refusal or not) carries none of `leaks` in its data: strings, or
 * patterns such as `/"settings":\{/` for an object that must come back null. No internal errors.
 */
export function graphqlBlind(reply: Reply, leaks: (string | RegExp)[]): Verdict {
  if (reply.status >= 500) return { held: false, why: `5xx: HTTP ${reply.status} ${snippet(reply.text)}` };
  const body = jsonOf<GraphqlBody>(reply);
  const codes = (body?.errors ?? []).map((e) => e.extensions?.code ?? "none");
  if (codes.includes("INTERNAL_SERVER_ERROR") || codes.includes("INTERNAL"))
    return { held: false, why: `internal error: ${snippet(reply.text)}` };
  // A query the schema rejects proves nothing about access: the attack itself is broken.
  if (codes.some((c) => c.startsWith("GRAPHQL_")))
    return { held: false, why: `the attack's query is invalid: ${snippet(reply.text)}` };
  const data = JSON.stringify(body?.data ?? null);
  const leaked = leaks.filter((l) => (typeof l === "string" ? data.includes(l) : l.test(data)));
  return leaked.length === 0
    ? { held: true, why: `nothing private (codes [${codes.join(",")}])` }
    : { held: false, why: `leaked ${leaked.map(String).join(", ")}: ${snippet(reply.text)}` };
}
