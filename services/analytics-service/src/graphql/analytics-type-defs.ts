/**
 * analytics-service's subschema: `creatorStats` (the signed-in account's own numbers) and `staff`
 * (null unless the token carries a staff role; each field checks analyst/admin in the domain).
 */
export const analyticsTypeDefs = /* GraphQL */ `
  type PostCountsDay {
    day: String!
    impressions: Int!
    opens: Int!
    likes: Int!
    comments: Int!
    reposts: Int!
  }

  type CreatorPostStats {
    postId: ID!
    impressions: Int!
    opens: Int!
    likes: Int!
    comments: Int!
    reposts: Int!
    days: [PostCountsDay!]!
  }

  type AudienceDay {
    day: String!
    gained: Int!
    lost: Int!
    net: Int!
  }

  type CreatorAudience {
    gained: Int!
    lost: Int!
    days: [AudienceDay!]!
  }

  "The signed-in account's numbers (own data only)."
  type CreatorStats {
    timeZone: String!
    from: String!
    to: String!
    posts: [CreatorPostStats!]!
    audience: CreatorAudience!
  }

  type ActiveUsersBucket {
    start: String!
    activeUsers: Int!
  }

  type ActiveUsers {
    granularity: String!
    timeZone: String!
    buckets: [ActiveUsersBucket!]!
    averageDau: Float!
    mau: Int!
    stickiness: Float!
  }

  type EngagementDay {
    day: String!
    posts: Int!
    likes: Int!
    comments: Int!
    reposts: Int!
    follows: Int!
  }

  type SurfaceStats {
    surface: String!
    impressions: Int!
    opens: Int!
    clickThrough: Float!
  }

  type Engagement {
    days: [EngagementDay!]!
    surfaces: [SurfaceStats!]!
  }

  type Cohort {
    cohort: String!
    size: Int!
    retained: [Float!]!
  }

  type FunnelStep {
    name: String!
    actors: Int!
    fromPrevious: Float!
    fromFirst: Float!
  }

  "Product analytics for staff (analyst or admin)."
  type StaffAnalytics {
    activeUsers(granularity: String, from: String, to: String, tz: String): ActiveUsers!
    engagement(from: String, to: String, tz: String): Engagement!
    retention(weeks: Int, to: String, tz: String): [Cohort!]!
    funnel(steps: [String!]!, windowHours: Float, from: String, to: String, tz: String): [FunnelStep!]!
  }

  type Query {
    "Your posts' and audience's numbers. Requires a signed-in account."
    creatorStats(from: String, to: String, tz: String): CreatorStats!
    "Null unless your token carries a staff role."
    staff: StaffAnalytics
  }
`;
