/**
 * identity's account-data and OAuth operations in GraphQL (issue 22): the same verbs as REST
 * (`/api/v1/account`, `/api/v1/account/export`, `/api/v1/auth/oauth/*`), the same error codes.
 */
export const accountDataTypeDefs = /* GraphQL */ `
  type AccountDeletion {
    deletedAt: String!
  }

  "One service's part of an account export: its data as JSON text, or why it is missing."
  type AccountExportPart {
    service: String!
    "JSON document (the same object REST returns under data)."
    data: String
    error: String
  }

  type AccountExport {
    accountId: ID!
    exportedAt: String!
    parts: [AccountExportPart!]!
    "True when a service could not contribute its part."
    incomplete: Boolean!
  }

  type OAuthIdentity {
    provider: String!
    email: String!
    linkedAt: String!
  }

  type OAuthStart {
    "Open this in the browser (PKCE S256, state, nonce)."
    authorizationUrl: String!
    state: String!
    expiresAt: String!
  }

  "Tokens (status AUTHENTICATED) or a second-factor challenge (TWO_FACTOR_REQUIRED); outcome: EXISTING | LINKED | CREATED."
  type OAuthLoginPayload {
    status: String!
    outcome: String!
    account: Account
    tokens: TokenPair
    challengeToken: String
    challengeExpiresAt: String
  }

  extend type Account {
    "The caller's linked Google/Apple identities."
    oauthIdentities: [OAuthIdentity!]!
  }

  extend type Query {
    "The OAuth/OIDC providers switched on here."
    oauthProviders: [String!]!
    "Everything Nova holds about the caller, one part per service."
    accountExport: AccountExport!
  }

  extend type Mutation {
    "Delete the caller's account (password, plus a fresh code when two-factor is on)."
    deleteAccount(password: String, code: String): AccountDeletion!
    startOAuthLogin(provider: String!, deviceName: String): OAuthStart!
    "The provider's redirect parameters, for apps that receive the redirect themselves."
    completeOAuthLogin(provider: String!, code: String, state: String, error: String): OAuthLoginPayload!
    "Unlink a provider (refused when it is the only way to log in)."
    unlinkOAuthIdentity(provider: String!): Boolean!
  }
`;
