import { type DescMessage, type Message, ScalarType } from "@bufbuild/protobuf";
import { isReflectMessage, type ReflectMessage, reflect } from "@bufbuild/protobuf/reflect";
import type { Interceptor } from "@connectrpc/connect";
import { controlCharacterError, controlCharacterViolations, type FieldViolation } from "@nova/errors";

function join(path: string, key: string | number): string {
  return path === "" ? String(key) : `${path}.${key}`;
}

function visitMessage(r: ReflectMessage, path: string, found: FieldViolation[], depth: number): void {
  // Protobuf parsers already cap nesting (100 levels); this only keeps a hostile in-process message finite.
  if (depth > 100) return;
  for (const field of r.fields) {
    if (found.length >= 20) return;
    if (!r.isSet(field)) continue;
    const at = join(path, field.jsonName);
    switch (field.fieldKind) {
      case "scalar":
        if (field.scalar === ScalarType.STRING) found.push(...controlCharacterViolations(r.get(field), at));
        break;
      case "message":
        visitMessage(r.get(field), at, found, depth + 1);
        break;
      case "list": {
        let i = 0;
        for (const item of r.get(field)) {
          if (typeof item === "string") found.push(...controlCharacterViolations(item, join(at, i)));
          else if (isReflectMessage(item)) visitMessage(item, join(at, i), found, depth + 1);
          i++;
        }
        break;
      }
      case "map":
        for (const [key, value] of r.get(field)) {
          if (typeof key === "string" && controlCharacterViolations(key).length > 0) {
            found.push({ field: at, message: "map keys must not contain control characters" });
            continue;
          }
          const valueAt = join(at, String(key));
          if (typeof value === "string") found.push(...controlCharacterViolations(value, valueAt));
          else if (isReflectMessage(value)) visitMessage(value, valueAt, found, depth + 1);
        }
        break;
      default:
        break; // enums
    }
  }
}

/**
 * Every string of a decoded protobuf message that breaks the control-character rule, named by its
 * JSON path: nested messages, repeated fields (`entityIds.1`), map values (`weights.<key>`) and
 * oneof members included. Bytes fields are binary and not checked.
 */
export function messageControlCharacterViolations(schema: DescMessage, message: Message): FieldViolation[] {
  const found: FieldViolation[] = [];
  visitMessage(reflect(schema, message), "", found, 0);
  return found.slice(0, 20);
}

function check(schema: DescMessage, message: Message): void {
  const violations = messageControlCharacterViolations(schema, message);
  if (violations.length > 0) throw controlCharacterError(violations);
}

/**
 * The control-character rule at the RPC edge, for both listeners and every protocol (Connect,
 * gRPC, gRPC-Web): each request message is checked after decoding and before the handler; a
 * violation is `invalid_argument` naming the fields (message and `nova-violations` metadata).
 */
export function rpcInputHygiene(): Interceptor {
  return (next) =>
    async function rpcInputHygieneInterceptor(req) {
      const schema = req.method.input;
      if (!req.stream) {
        check(schema, req.message);
        return next(req);
      }
      const source = req.message;
      return next({
        ...req,
        message: (async function* () {
          for await (const message of source) {
            check(schema, message);
            yield message;
          }
        })(),
      });
    };
}
