/**
 * trust-safety-service's subschema: `report` for everyone signed in; the moderation queue, audit
 * log and actions for staff tokens only (answered with PERMISSION_DENIED otherwise).
 */
export const trustSafetyTypeDefs = /* GraphQL */ `
  enum ReportSubjectType { post comment account message }
  enum ReportReason { spam harassment hate violence sexual self_harm illegal other }

  input ReportInput {
    subjectType: ReportSubjectType!
    subjectId: ID!
    reason: ReportReason!
    comment: String
    "Message reports: the reporter's decrypted copy (the server cannot read chat)."
    messageCopy: String
    messageSenderId: ID
  }

  type Report {
    id: ID!
    subjectType: String!
    subjectId: ID!
    reason: String!
    comment: String
    caseId: ID!
    "open, actioned or dismissed"
    status: String!
    createdAt: String!
  }

  "A case in the moderation queue (staff only)."
  type ModerationCase {
    id: ID!
    kind: String!
    status: String!
    subjectType: String!
    subjectId: ID!
    subjectAccountId: ID
    reportCount: Int!
    reasons: [String!]!
    severity: Int!
    priority: Float!
    assigneeId: ID
    appealId: ID
    createdAt: String!
    ageSeconds: Int!
    overSla: Boolean!
  }

  input ModerationActionInput {
    "dismiss, label, hide, remove, limit, suspend, ban; overturn or uphold on an appeal case"
    action: String!
    labels: [String!]
    reason: String!
    durationHours: Int
    notifyUser: Boolean
  }

  type ModerationAction {
    actionId: ID!
    caseId: ID!
    action: String!
    subjectType: String!
    subjectId: ID!
    subjectAccountId: ID
    labels: [String!]!
    reason: String!
    active: Boolean!
    expiresAt: String
    createdAt: String!
  }

  type AuditEntry {
    id: ID!
    actor: String!
    verb: String!
    caseId: ID
    actionId: ID
    subjectType: String
    subjectId: String
    reason: String
    at: String!
  }

  type Appeal {
    appealId: ID!
    actionId: ID!
    caseId: ID!
    status: String!
    createdAt: String!
  }

  type Query {
    "Your reports and their status."
    myReports: [Report!]!
    "Staff only: the moderation queue."
    moderationQueue(status: String, reason: String, kind: String, sort: String, limit: Int): [ModerationCase!]!
    "Staff only: the audit log, newest first."
    moderationAudit(caseId: ID, limit: Int): [AuditEntry!]!
  }

  type Mutation {
    "Report a post, comment, account or message."
    report(input: ReportInput!): Report!
    "Appeal an action taken against you."
    appeal(actionId: ID!, statement: String!): Appeal!
    "Staff only: assign a case (to yourself by default)."
    assignModerationCase(caseId: ID!, assigneeId: ID): ID!
    "Staff only: decide a case."
    takeModerationAction(caseId: ID!, input: ModerationActionInput!): ModerationAction!
  }
`;
