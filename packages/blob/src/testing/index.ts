export { describeBlobContract } from "./blob-contract.ts";
