import { NotFoundError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { answerRequest } from "../domain/answer-request.ts";
import { changeMembers, leaveConversation } from "../domain/change-members.ts";
import { createConversation } from "../domain/create-conversation.ts";
import { getConversation } from "../domain/get-conversation.ts";
import { listConversations } from "../domain/list-conversations.ts";
import type { Viewer } from "../domain/viewer.ts";

/** Per-request GraphQL context: the caller, verified on first use. */
export interface ChatGraphqlContext {
  viewer(): Promise<Viewer>;
}

interface ChangeConversationArgs {
  add?: string[] | null;
  remove?: string[] | null;
  title?: string | null;
  roles?: { accountId: string; role: "admin" | "member" }[] | null;
}

/** GraphQL sends null for omitted optional inputs; the domain schema wants them absent. */
function withoutNulls(input: ChangeConversationArgs) {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined));
}

/** Resolvers: each converts its arguments and calls a domain verb. */
export function chatResolvers(ctx: ServiceContext) {
  return {
    Query: {
      chatConversations: async (_: unknown, __: unknown, gql: ChatGraphqlContext) =>
        (await listConversations({ ctx, viewer: await gql.viewer(), input: { folder: "inbox" } }))
          .conversations,
      chatMessageRequests: async (_: unknown, __: unknown, gql: ChatGraphqlContext) =>
        (await listConversations({ ctx, viewer: await gql.viewer(), input: { folder: "requests" } }))
          .conversations,
      chatConversation: async (_: unknown, args: { id: string }, gql: ChatGraphqlContext) => {
        try {
          return await getConversation({ ctx, viewer: await gql.viewer(), input: { id: args.id } });
        } catch (err) {
          if (err instanceof NotFoundError) return null;
          throw err;
        }
      },
    },
    Mutation: {
      startChatConversation: async (
        _: unknown,
        args: { memberIds: string[]; title?: string | null },
        gql: ChatGraphqlContext,
      ) =>
        (
          await createConversation({
            ctx,
            viewer: await gql.viewer(),
            input: { memberIds: args.memberIds, ...(args.title ? { title: args.title } : {}) },
          })
        ).conversation,
      acceptChatMessageRequest: async (_: unknown, args: { id: string }, gql: ChatGraphqlContext) =>
        (await answerRequest({ ctx, viewer: await gql.viewer(), input: { id: args.id, accept: true } }))
          .conversation,
      declineChatMessageRequest: async (_: unknown, args: { id: string }, gql: ChatGraphqlContext) => {
        await answerRequest({ ctx, viewer: await gql.viewer(), input: { id: args.id, accept: false } });
        return true;
      },
      changeChatConversation: async (
        _: unknown,
        args: { id: string; input: ChangeConversationArgs },
        gql: ChatGraphqlContext,
      ) =>
        changeMembers({
          ctx,
          viewer: await gql.viewer(),
          input: { ...withoutNulls(args.input), id: args.id },
        }),
      leaveChatConversation: async (_: unknown, args: { id: string }, gql: ChatGraphqlContext) => {
        await leaveConversation({ ctx, viewer: await gql.viewer(), input: { id: args.id } });
        return true;
      },
    },
  };
}
