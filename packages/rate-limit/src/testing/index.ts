export { describeRateLimitContract } from "./rate-limit-contract.ts";
