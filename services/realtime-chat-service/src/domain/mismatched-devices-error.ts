import { DomainError } from "@nova/errors";

export interface DeviceRef {
  accountId: string;
  deviceId: number;
}

/**
 * 409: the envelopes do not cover exactly the conversation's current devices. `missingDevices`
 * need an envelope (fetch their keys, encrypt, retry); `staleDevices` are no longer there (drop
 * their sessions). Nothing was stored.
 */
export class MismatchedDevicesError extends DomainError {
  constructor(
    readonly missingDevices: DeviceRef[],
    readonly staleDevices: DeviceRef[],
  ) {
    super("conflict", "the envelopes do not match the conversation's current devices", {
      missingDevices,
      staleDevices,
    });
  }
}
