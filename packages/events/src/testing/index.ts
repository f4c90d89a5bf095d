export { EVENTS_CONTRACT_MIGRATIONS } from "./contract-migrations.ts";
export { type EventBusContractHarness, waitUntil } from "./contract-scenario.ts";
export { type ContractContext, describeEventBusContract } from "./event-bus-contract.ts";
export {
  contractEffects,
  contractOutbox,
  contractProcessedEvents,
  eventsContract,
} from "./fixture/contract-schema.ts";
export { publishAsPeer } from "./publish-as-peer.ts";
