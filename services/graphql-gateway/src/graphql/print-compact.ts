import {
  type ArgumentNode,
  type DefinitionNode,
  type DirectiveNode,
  type DocumentNode,
  Kind,
  print,
  type SelectionSetNode,
  stripIgnoredCharacters,
  type TypeNode,
  type ValueNode,
  type VariableDefinitionNode,
} from "graphql";

/** Thrown inside the printer for a node it leaves to graphql's own printer (rare shapes). */
const UNSUPPORTED = Symbol("unsupported");

/**
 * `stripIgnoredCharacters(print(document))` for an executable document, in one pass over the AST:
 * the same text, token for token (a separator only between two names/values, or before `...`
 * after one), without building the indented text and lexing it again. Documents with shapes this
 * printer leaves alone (block strings, descriptions, fragment arguments, type-system definitions)
 * are printed by graphql itself, so the output is always the same as the two-step form.
 */
export function printCompact(document: DocumentNode): string {
  try {
    const out = new TokenWriter();
    for (const definition of document.definitions) writeDefinition(out, definition);
    return out.text;
  } catch (error) {
    if (error !== UNSUPPORTED) throw error;
    return stripIgnoredCharacters(print(document));
  }
}

class TokenWriter {
  text = "";
  /** Whether the last token was a name or a value (the next such token needs a separator). */
  private word = false;
  punct(token: string): void {
    this.text += token;
    this.word = false;
  }
  spread(): void {
    this.text += this.word ? " ..." : "...";
    this.word = false;
  }
  name(token: string): void {
    this.text += this.word ? ` ${token}` : token;
    this.word = true;
  }
}

function writeDefinition(out: TokenWriter, node: DefinitionNode): void {
  if (node.kind === Kind.OPERATION_DEFINITION) {
    if ("description" in node && node.description) throw UNSUPPORTED;
    const varDefs = node.variableDefinitions ?? [];
    const directives = node.directives ?? [];
    if (node.operation !== "query" || node.name || varDefs.length > 0 || directives.length > 0) {
      out.name(node.operation);
      if (node.name) out.name(node.name.value);
      writeVariableDefinitions(out, varDefs);
      writeDirectives(out, directives);
    }
    writeSelectionSet(out, node.selectionSet);
    return;
  }
  if (node.kind === Kind.FRAGMENT_DEFINITION) {
    if (("description" in node && node.description) || (node.variableDefinitions?.length ?? 0) > 0)
      throw UNSUPPORTED;
    out.name("fragment");
    out.name(node.name.value);
    out.name("on");
    out.name(node.typeCondition.name.value);
    writeDirectives(out, node.directives ?? []);
    writeSelectionSet(out, node.selectionSet);
    return;
  }
  throw UNSUPPORTED;
}

function writeVariableDefinitions(out: TokenWriter, defs: readonly VariableDefinitionNode[]): void {
  if (defs.length === 0) return;
  out.punct("(");
  for (const def of defs) {
    if ("description" in def && def.description) throw UNSUPPORTED;
    out.punct("$");
    out.name(def.variable.name.value);
    out.punct(":");
    writeType(out, def.type);
    if (def.defaultValue) {
      out.punct("=");
      writeValue(out, def.defaultValue);
    }
    writeDirectives(out, def.directives ?? []);
  }
  out.punct(")");
}

function writeType(out: TokenWriter, type: TypeNode): void {
  if (type.kind === Kind.NAMED_TYPE) out.name(type.name.value);
  else if (type.kind === Kind.LIST_TYPE) {
    out.punct("[");
    writeType(out, type.type);
    out.punct("]");
  } else {
    writeType(out, type.type);
    out.punct("!");
  }
}

function writeSelectionSet(out: TokenWriter, set: SelectionSetNode): void {
  out.punct("{");
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.alias) {
        out.name(selection.alias.value);
        out.punct(":");
      }
      out.name(selection.name.value);
      writeArguments(out, selection.arguments ?? []);
      writeDirectives(out, selection.directives ?? []);
      if (selection.selectionSet) writeSelectionSet(out, selection.selectionSet);
    } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
      if ("arguments" in selection && (selection.arguments as unknown[] | undefined)?.length)
        throw UNSUPPORTED;
      out.spread();
      out.name(selection.name.value);
      writeDirectives(out, selection.directives ?? []);
    } else {
      out.spread();
      if (selection.typeCondition) {
        out.name("on");
        out.name(selection.typeCondition.name.value);
      }
      writeDirectives(out, selection.directives ?? []);
      writeSelectionSet(out, selection.selectionSet);
    }
  }
  out.punct("}");
}

function writeArguments(out: TokenWriter, args: readonly ArgumentNode[]): void {
  if (args.length === 0) return;
  out.punct("(");
  for (const arg of args) {
    out.name(arg.name.value);
    out.punct(":");
    writeValue(out, arg.value);
  }
  out.punct(")");
}

function writeDirectives(out: TokenWriter, directives: readonly DirectiveNode[]): void {
  for (const directive of directives) {
    out.punct("@");
    out.name(directive.name.value);
    writeArguments(out, directive.arguments ?? []);
  }
}

function writeValue(out: TokenWriter, value: ValueNode): void {
  switch (value.kind) {
    case Kind.VARIABLE:
      out.punct("$");
      out.name(value.name.value);
      return;
    case Kind.INT:
    case Kind.FLOAT:
    case Kind.ENUM:
      out.name(value.value);
      return;
    case Kind.BOOLEAN:
      out.name(value.value ? "true" : "false");
      return;
    case Kind.NULL:
      out.name("null");
      return;
    case Kind.STRING:
      if (value.block) throw UNSUPPORTED;
      out.name(print(value));
      return;
    case Kind.LIST:
      out.punct("[");
      for (const item of value.values) writeValue(out, item);
      out.punct("]");
      return;
    case Kind.OBJECT:
      out.punct("{");
      for (const field of value.fields) {
        out.name(field.name.value);
        out.punct(":");
        writeValue(out, field.value);
      }
      out.punct("}");
      return;
    default:
      throw UNSUPPORTED;
  }
}
