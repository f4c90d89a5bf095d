export { createTestTokenIssuer, type TestTokenIssuer } from "./create-test-token-issuer.ts";
