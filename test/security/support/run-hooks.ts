/**
 * Preloaded by `bun run test:security`: hooks of the whole run. At the end it prints the ledger's
 * summary — the last line is `N attacks, N held` — and stops the system the files booted.
 */
import { afterAll } from "bun:test";
import { summary } from "./attack.ts";
import { stopSystem } from "./system.ts";

afterAll(async () => {
  console.log(`\nattack suite summary\n${summary()}`);
  await stopSystem();
});
