import {
  controlCharacterError,
  controlCharacterViolations,
  type FieldViolation,
  hasControlCharacters,
} from "@nova/errors";
import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";

const JSON_BODY = /^application\/([\w.+-]*\+)?json(;|$)/i;
const FORM_BODY = /^(application\/x-www-form-urlencoded|multipart\/form-data)(;|$)/i;

/** Path segments, named by the matched route's parameters (`/posts/:id` → `id`) where there is one. */
function pathViolations(c: Context): FieldViolation[] {
  const path = c.req.path;
  // Every request passes here: a clean path (almost all) costs one test, not a route lookup.
  if (!hasControlCharacters(path)) return [];
  const segments = path.split("/");
  const pattern = routePath(c, -1).split("/");
  const found: FieldViolation[] = [];
  segments.forEach((segment, i) => {
    const param = pattern[i]?.startsWith(":") ? pattern[i].slice(1).replace(/[{?].*$/, "") : undefined;
    found.push(...controlCharacterViolations(segment, param ?? "(path)"));
  });
  return found;
}

function queryViolations(c: Context): FieldViolation[] {
  const url = c.req.url;
  if (!url.includes("?")) return [];
  const query = new URL(url).searchParams;
  const found: FieldViolation[] = [];
  for (const [key, value] of query) {
    found.push(...controlCharacterViolations(key, "(query key)"), ...controlCharacterViolations(value, key));
  }
  return found;
}

async function bodyViolations(c: Context): Promise<FieldViolation[]> {
  // Only JSON and form bodies are read; the type is checked first, so a GET never opens its body.
  const type = c.req.header("content-type") ?? "";
  const json = JSON_BODY.test(type);
  if (!(json || FORM_BODY.test(type)) || !c.req.raw.body) return [];
  if (json) {
    // Hono caches the parsed body, so the route's validator reuses this parse. Malformed JSON is
    // left for the validator to report.
    const body = await c.req.json().catch(() => undefined);
    return controlCharacterViolations(body);
  }
  const form = await c.req.formData().catch(() => undefined);
  const found: FieldViolation[] = [];
  for (const [key, value] of form ?? []) {
    if (typeof value === "string") found.push(...controlCharacterViolations({ [key]: value }));
  }
  return found;
}

/**
 * The control-character rule at the REST edge: path parameters, query parameters and JSON or
 * form bodies. A request breaking it is a 400 problem naming every offending field, before any
 * handler (or the database) sees it.
 */
export function inputHygiene(): MiddlewareHandler {
  return async function inputHygieneMiddleware(c, next) {
    const violations = [...pathViolations(c), ...queryViolations(c), ...(await bodyViolations(c))];
    if (violations.length > 0) throw controlCharacterError(violations);
    return next();
  };
}
