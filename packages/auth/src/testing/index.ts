export { createTestServicePki, type TestServicePki } from "./create-test-service-pki.ts";
export { createTestTokenIssuer, type TestTokenIssuer } from "./create-test-token-issuer.ts";
export { type TestCaller, testRpcCredentials } from "./test-rpc-credentials.ts";
