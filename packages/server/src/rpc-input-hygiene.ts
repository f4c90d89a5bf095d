import { type DescField, type DescMessage, type Message, ScalarType } from "@bufbuild/protobuf";
import type { Interceptor } from "@connectrpc/connect";
import {
  CONTROL_CHARACTER_MESSAGE,
  controlCharacterError,
  type FieldViolation,
  hasControlCharacters,
} from "@nova/errors";

const MAX_VIOLATIONS = 20;
const KEY_MESSAGE = "map keys must not contain control characters";

/** Whether a message type can hold a string anywhere below it; Timestamps and the like are skipped. */
const holdsStrings = new WeakMap<DescMessage, boolean>();

function mayHoldStrings(desc: DescMessage, seen = new Set<DescMessage>()): boolean {
  const known = holdsStrings.get(desc);
  if (known !== undefined) return known;
  if (seen.has(desc)) return false; // recursion: answered by the outer call
  seen.add(desc);
  const result = desc.fields.some((f) => {
    switch (f.fieldKind) {
      case "scalar":
        return f.scalar === ScalarType.STRING;
      case "list":
        return f.listKind === "scalar"
          ? f.scalar === ScalarType.STRING
          : f.listKind === "message" && mayHoldStrings(f.message, seen);
      case "map":
        return (
          f.mapKey === ScalarType.STRING ||
          (f.mapKind === "scalar" && f.scalar === ScalarType.STRING) ||
          (f.mapKind === "message" && mayHoldStrings(f.message, seen))
        );
      case "message":
        // Wrapper types (StringValue) arrive unboxed as plain strings.
        return f.message.typeName === "google.protobuf.StringValue" || mayHoldStrings(f.message, seen);
      default:
        return false;
    }
  });
  holdsStrings.set(desc, result);
  return result;
}

/** Walks plain protobuf-es messages by their descriptors; the path is built only for a violation. */
class Walker {
  readonly found: FieldViolation[] = [];
  private readonly path: (string | number)[] = [];

  private report(message: string, ...tail: (string | number)[]): void {
    if (this.found.length < MAX_VIOLATIONS)
      this.found.push({ field: [...this.path, ...tail].join("."), message });
  }

  private string(value: unknown, ...tail: (string | number)[]): void {
    if (typeof value === "string" && value !== "" && hasControlCharacters(value))
      this.report(CONTROL_CHARACTER_MESSAGE, ...tail);
  }

  private value(field: DescField, value: unknown): void {
    switch (field.fieldKind) {
      case "scalar":
        if (field.scalar === ScalarType.STRING) this.string(value);
        return;
      case "message":
        if (typeof value === "string") this.string(value);
        else if (value) this.message(field.message, value as Message);
        return;
      case "list":
        if (field.listKind === "scalar") {
          if (field.scalar !== ScalarType.STRING) return;
          const items = value as string[];
          for (let i = 0; i < items.length; i++) this.string(items[i], i);
        } else if (field.listKind === "message" && mayHoldStrings(field.message)) {
          const items = value as Message[];
          for (let i = 0; i < items.length; i++) {
            this.path.push(i);
            this.message(field.message, items[i] as Message);
            this.path.pop();
          }
        }
        return;
      case "map":
        for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
          if (field.mapKey === ScalarType.STRING && hasControlCharacters(key)) {
            this.report(KEY_MESSAGE);
            continue;
          }
          if (field.mapKind === "scalar" && field.scalar === ScalarType.STRING) this.string(item, key);
          else if (field.mapKind === "message" && item) {
            this.path.push(key);
            this.message(field.message, item as Message);
            this.path.pop();
          }
        }
        return;
      default:
        return; // enums
    }
  }

  message(desc: DescMessage, message: Message): void {
    // Protobuf decoders cap nesting (100 levels); this only keeps a hostile in-process message finite.
    if (this.path.length > 200 || this.found.length >= MAX_VIOLATIONS || !mayHoldStrings(desc)) return;
    const record = message as unknown as Record<string, unknown>;
    for (const field of desc.fields) {
      let value: unknown;
      if (field.oneof) {
        const group = record[field.oneof.localName] as { case?: string; value?: unknown } | undefined;
        if (group?.case !== field.localName) continue;
        value = group.value;
      } else {
        value = record[field.localName];
      }
      if (value === undefined || value === null) continue;
      this.path.push(field.jsonName);
      this.value(field, value);
      this.path.pop();
    }
  }
}

/**
 * Every string of a decoded protobuf message that breaks the control-character rule, named by its
 * JSON path: nested messages, repeated fields (`entityIds.1`), map values (`weights.<key>`) and
 * oneof members included. Bytes fields are binary and not checked.
 */
export function messageControlCharacterViolations(schema: DescMessage, message: Message): FieldViolation[] {
  const walker = new Walker();
  walker.message(schema, message);
  return walker.found;
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
