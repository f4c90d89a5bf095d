import { afterAll, afterEach, beforeAll, beforeEach, describe } from "bun:test";
import type { EventBus } from "../event-bus.ts";
import {
  type ContractScenario,
  createScenario,
  type EventBusContractHarness,
  resetContractTables,
} from "./contract-scenario.ts";
import { deliveryContract } from "./delivery-contract.ts";
import { failureContract } from "./failure-contract.ts";

/** What each contract test gets: the harness, a fresh scenario, and a bus opened for it. */
export interface ContractContext {
  harness: EventBusContractHarness;
  scenario: ContractScenario;
  bus: EventBus;
  /** Opens another bus instance (closed after the test), e.g. for "after a restart". */
  openBus(): Promise<EventBus>;
}

/**
 * The behaviour every EventBus adapter must show, end to end through the outbox relay and an
 * idempotent consumer: delivery with envelope and headers, per-key order, durable offsets, replay,
 * consumer lag, and the failure cases (consumer killed mid-batch, crash between commit and
 * publish, poison events on either side).
 */
export function describeEventBusContract(
  label: string,
  makeHarness: () => Promise<EventBusContractHarness>,
): void {
  describe(`EventBus contract: ${label}`, () => {
    let harness: EventBusContractHarness;
    let opened: EventBus[] = [];
    const ctx = {} as ContractContext;

    beforeAll(async () => {
      harness = await makeHarness();
      ctx.harness = harness;
    });
    afterAll(async () => {
      await harness?.close();
    });
    beforeEach(async () => {
      await resetContractTables(harness.db);
      opened = [];
      ctx.openBus = async () => {
        const bus = await harness.openBus();
        opened.push(bus);
        return bus;
      };
      ctx.scenario = createScenario(harness.db);
      ctx.bus = await ctx.openBus();
    });
    afterEach(async () => {
      await ctx.scenario.cleanup();
      for (const bus of opened) await bus.close().catch(() => {});
    });

    deliveryContract(ctx);
    failureContract(ctx);
  });
}
