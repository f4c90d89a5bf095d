/**
 * notification-service's subschema: the signed-in account's inbox, unread count, read marker,
 * preferences and a live subscription. Actors are plain ids plus the profile fields hydrated here.
 */
export const notificationTypeDefs = /* GraphQL */ `
  type NotificationActor {
    id: ID!
    username: String
    displayName: String
    avatarUrl: String
  }

  "One inbox item: a group ('alice and 12 others liked your post') or a single notification."
  type Notification {
    groupKey: String!
    "follow, follow_request, follow_approved, like, repost, quote, comment, mention, moderation, appeal"
    type: String!
    "The latest few actors, newest first."
    actors: [NotificationActor!]!
    actorCount: Int!
    postId: ID
    commentId: ID
    relatedPostId: ID
    "Moderation / appeal details as JSON text; null otherwise."
    details: String
    latestAt: String!
    latestId: ID!
    read: Boolean!
  }

  type NotificationPage {
    items: [Notification!]!
    nextCursor: String
  }

  type NotificationChannels {
    inApp: Boolean!
    push: Boolean!
    email: Boolean!
  }

  type NotificationTypePreference {
    type: String!
    channels: NotificationChannels!
  }

  type QuietHours {
    start: String!
    end: String!
    timeZone: String!
  }

  type NotificationPreferences {
    types: [NotificationTypePreference!]!
    onlyFromFollowing: Boolean!
    quietHours: QuietHours
    emailDigest: String!
    pushPreviews: Boolean!
  }

  type ReadMarker {
    readUpTo: String
    unreadCount: Int!
  }

  input NotificationChannelsInput {
    inApp: Boolean
    push: Boolean
    email: Boolean
  }

  input NotificationTypePreferenceInput {
    type: String!
    channels: NotificationChannelsInput!
  }

  input QuietHoursInput {
    start: String!
    end: String!
    timeZone: String!
  }

  input NotificationPreferencesInput {
    types: [NotificationTypePreferenceInput!]
    onlyFromFollowing: Boolean
    "Pass clearQuietHours: true to remove them."
    quietHours: QuietHoursInput
    clearQuietHours: Boolean
    emailDigest: String
    pushPreviews: Boolean
  }

  "A change to the inbox: the new or updated item, or removed = true with its groupKey."
  type NotificationUpdate {
    groupKey: String!
    removed: Boolean!
    item: Notification
  }

  type Query {
    "The signed-in account's notifications, newest activity first (grouped unless grouped: false)."
    notifications(first: Int, after: String, types: [String!], grouped: Boolean): NotificationPage!
    "Items with activity after the read marker."
    unreadNotificationCount: Int!
    notificationPreferences: NotificationPreferences!
  }

  type Mutation {
    "Moves the read marker to an item (groupKey), a time (ISO-8601) or everything (no upTo)."
    markNotificationsRead(upTo: String): ReadMarker!
    updateNotificationPreferences(input: NotificationPreferencesInput!): NotificationPreferences!
  }

  type Subscription {
    "New, updated and removed inbox items of the signed-in account, live across replicas."
    notifications: NotificationUpdate!
  }
`;
