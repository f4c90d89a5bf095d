/**
 * user-service's subschema. It owns `User` (merge key `id`, canonical definition) — other services
 * extend it through their own `_users(...)` merge resolvers — and exposes `_users(ids)` so the
 * gateway can fetch many users in one batched call.
 */
export const userTypeDefs = /* GraphQL */ `
  "A Nova account's profile. Merge key: id."
  type User @key(selectionSet: "{ id }") @canonical {
    id: ID!
    username: String!
    displayName: String!
    bio: String!
    avatarMediaId: ID
    bannerMediaId: ID
    links: [ProfileLink!]!
    location: String!
    pronouns: String!
    "YYYY-MM-DD; only for the owner, or when the owner made it public."
    birthday: String
    "Only for the owner."
    birthdayVisibility: BirthdayVisibility
    "Others must send a follow request."
    isPrivate: Boolean!
    whoCanMessage: Audience!
    whoCanMention: Audience!
    createdAt: String!
    updatedAt: String!
    "The owner's settings and privacy; null for anyone else."
    settings: UserSettings
  }

  type ProfileLink {
    url: String!
    label: String
  }

  enum Audience {
    EVERYONE
    FOLLOWING
    NOBODY
  }

  enum BirthdayVisibility {
    ONLY_ME
    FOLLOWERS
    PUBLIC
  }

  type UserSettings {
    privateAccount: Boolean!
    whoCanMessage: Audience!
    whoCanMention: Audience!
    discoverableByEmail: Boolean!
    "BCP 47 language tag."
    language: String!
    updatedAt: String!
  }

  type UsernameAvailability {
    username: String!
    available: Boolean!
    reason: String
  }

  input ProfileLinkInput {
    url: String!
    label: String
  }

  "Absent fields are left as they are; null clears a clearable field."
  input UpdateProfileInput {
    username: String
    displayName: String
    bio: String
    avatarMediaId: ID
    bannerMediaId: ID
    links: [ProfileLinkInput!]
    location: String
    pronouns: String
    birthday: String
    birthdayVisibility: BirthdayVisibility
  }

  input UpdateSettingsInput {
    privateAccount: Boolean
    whoCanMessage: Audience
    whoCanMention: Audience
    discoverableByEmail: Boolean
    language: String
  }

  type Query {
    "The signed-in account's profile; null when not signed in."
    me: User
    "A user by id or by username (exactly one); null when there is none."
    user(id: ID, username: String): User
    usernameAvailability(username: String!): UsernameAvailability!
    _users(ids: [ID!]!): [User]! @merge(keyField: "id")
  }

  type Mutation {
    updateProfile(input: UpdateProfileInput!): User!
    updateSettings(input: UpdateSettingsInput!): UserSettings!
  }
`;
