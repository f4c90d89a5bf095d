/**
 * realtime-chat-service's subschema: conversation metadata and message requests only. Envelopes
 * (ciphertext) travel on the WebSocket, never through GraphQL.
 */
export const chatTypeDefs = /* GraphQL */ `
  enum ChatConversationKind {
    direct
    group
  }

  type ChatMember {
    accountId: ID!
    "owner, admin or member"
    role: String!
    "active (inbox), request (requests folder), declined, left or removed"
    state: String!
  }

  type ChatConversation {
    id: ID!
    kind: ChatConversationKind!
    title: String
    createdBy: ID!
    createdAt: String!
    lastActivityAt: String!
    "Seq of the latest message (messages are ordered by seq within a conversation)."
    lastSeq: Int!
    "The signed-in account's own membership state and role."
    state: String!
    role: String!
    unreadCount: Int!
    members: [ChatMember!]!
  }

  type Query {
    "The signed-in account's conversations (inbox), most recently active first."
    chatConversations: [ChatConversation!]!
    "Conversations started by accounts the signed-in account does not follow, awaiting accept/decline."
    chatMessageRequests: [ChatConversation!]!
    chatConversation(id: ID!): ChatConversation
  }

  type Mutation {
    "Direct (one other member; idempotent per pair) or group conversation."
    startChatConversation(memberIds: [ID!]!, title: String): ChatConversation!
    acceptChatMessageRequest(id: ID!): ChatConversation!
    "Declines a message request; returns true."
    declineChatMessageRequest(id: ID!): Boolean!
    "Group owners/admins: add or remove members, change the title; the owner also sets roles."
    changeChatConversation(id: ID!, input: ChangeChatConversationInput!): ChatConversation!
    "Leaves a group; returns true."
    leaveChatConversation(id: ID!): Boolean!
  }

  input ChatRoleChange {
    accountId: ID!
    "admin or member"
    role: String!
  }

  input ChangeChatConversationInput {
    add: [ID!]
    remove: [ID!]
    title: String
    roles: [ChatRoleChange!]
  }
`;
