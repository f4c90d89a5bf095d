export {
  createSubschema,
  type SubschemaContext,
  type SubschemaOptions,
  type SubschemaViewer,
} from "./create-subschema.ts";
export { maskError } from "./mask-error.ts";
