export { createTestTokenIssuer, type TestTokenIssuer } from "./create-test-token-issuer.ts";
export {
  TEST_SERVICE_CALLER_HEADER,
  testCredentials,
  testServiceCallerInterceptor,
} from "./test-service-caller.ts";
