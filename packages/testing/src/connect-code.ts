import { type Code, ConnectError } from "@connectrpc/connect";

/** The Connect code a call fails with, or "ok": for asserting on an RPC's refusals. */
export async function connectCode(run: () => Promise<unknown>): Promise<Code | "ok"> {
  try {
    await run();
    return "ok";
  } catch (err) {
    return ConnectError.from(err).code;
  }
}
