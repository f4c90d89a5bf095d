export { describeGraphStoreContract } from "./graph-store-contract.ts";
