export { createTestServicePki, type TestServicePki } from "./create-test-service-pki.ts";
export { createTestTokenIssuer, type TestTokenIssuer } from "./create-test-token-issuer.ts";
