export { FakeTrustSafety } from "./fake-trust-safety.ts";
export {
  type DatabaseKind,
  type ServiceParts,
  type ServiceUnderTest,
  type ServiceUnderTestOptions,
  socketPeer,
  startServiceUnderTest,
} from "./start-service-under-test.ts";
