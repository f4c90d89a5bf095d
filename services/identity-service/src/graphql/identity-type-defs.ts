/**
 * identity's subschema. It owns Account, Session and the auth mutations; `User` belongs to
 * user-service (merge key `id` = account id) and identity only adds `User.account`, readable by
 * the account's owner alone.
 */
export const identityTypeDefs = /* GraphQL */ `
  type Account {
    id: ID!
    email: String!
    username: String!
    emailVerified: Boolean!
    twoFactorEnabled: Boolean!
    createdAt: String!
    sessions: [Session!]!
  }

  type Session {
    id: ID!
    deviceName: String!
    ip: String!
    userAgent: String!
    method: String!
    createdAt: String!
    lastSeenAt: String!
    current: Boolean!
  }

  type TokenPair {
    tokenType: String!
    accessToken: String!
    expiresIn: Int!
    accessTokenExpiresAt: String!
    refreshToken: String!
    refreshTokenExpiresAt: String!
    sessionId: ID!
    "Given when a session starts: send it with this device's next login."
    deviceToken: String
  }

  type AuthPayload {
    account: Account!
    tokens: TokenPair!
  }

  "Either tokens (status AUTHENTICATED) or a challenge for the second factor (TWO_FACTOR_REQUIRED)."
  type LoginPayload {
    status: String!
    account: Account
    tokens: TokenPair
    challengeToken: String
    challengeExpiresAt: String
  }

  type TwoFactorEnrolment {
    secret: String!
    otpauthUri: String!
  }

  type User @key(selectionSet: "{ id }") {
    id: ID!
    "The account behind this user; only its owner may read it (null for anyone else)."
    account: Account
  }

  input RegisterInput {
    email: String!
    password: String!
    username: String!
    deviceName: String
  }

  input LoginInput {
    "Email or username."
    identifier: String!
    password: String!
    deviceName: String
    "The deviceToken this device got at its last login on the account."
    deviceToken: String
  }

  type Query {
    "The caller's account (null without a token)."
    myAccount: Account
    _identityUsers(ids: [ID!]!): [User]! @merge(keyField: "id")
  }

  type Mutation {
    register(input: RegisterInput!): AuthPayload!
    login(input: LoginInput!): LoginPayload!
    loginWithTwoFactor(challengeToken: String!, code: String!): AuthPayload!
    refreshToken(refreshToken: String!): TokenPair!
    logout: Boolean!
    logoutEverywhere: Int!
    verifyEmail(token: String!): Account!
    resendEmailVerification: Boolean!
    requestPasswordReset(email: String!): Boolean!
    resetPassword(token: String!, newPassword: String!): Int!
    changePassword(currentPassword: String!, newPassword: String!): Int!
    revokeSession(id: ID!): Boolean!
    enrollTwoFactor: TwoFactorEnrolment!
    confirmTwoFactor(code: String!): [String!]!
    disableTwoFactor(password: String!, code: String!): Boolean!
  }
`;
