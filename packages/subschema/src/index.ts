export {
  createSubschema,
  type SubschemaContext,
  type SubschemaOptions,
  type SubschemaViewer,
} from "./create-subschema.ts";
export { maskError } from "./mask-error.ts";
export { useInputHygiene } from "./use-input-hygiene.ts";
