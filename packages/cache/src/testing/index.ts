export { type CacheContractOptions, describeCacheContract } from "./cache-contract.ts";
export { sleep, waitFor } from "./wait-for.ts";
