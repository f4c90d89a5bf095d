import { GraphQLError } from "graphql";
import { type SubschemaServer, startSubschemaServer } from "./start-subschema-server.ts";

const USERS = [
  { id: "u1", username: "alice" },
  { id: "u2", username: "bob" },
  { id: "u3", username: "carol" },
];

export const accountsTypeDefs = /* GraphQL */ `
  type User @key(selectionSet: "{ id }") @canonical {
    id: ID!
    username: String!
  }

  type Query {
    me: User
    users(ids: [ID!]!): [User]! @merge(keyField: "id")
    "Always refuses, as a domain error mapped to GraphQL would."
    adminNote: String
  }
`;

/** Owns users; `users(ids)` is the batched merge resolver, and it records each batch it gets. */
export function startAccountsSubschema(): SubschemaServer & { userBatches: string[][] } {
  const userBatches: string[][] = [];
  const server = startSubschemaServer(accountsTypeDefs, {
    Query: {
      me: (_: unknown, __: unknown, ctx: { request: Request }) => {
        const token = ctx.request.headers.get("authorization")?.replace(/^Bearer /, "");
        return USERS.find((u) => u.id === token) ?? null;
      },
      adminNote: () => {
        throw new GraphQLError("Only moderators may read admin notes.", {
          extensions: { code: "PERMISSION_DENIED" },
        });
      },
      users: (_: unknown, args: { ids: string[] }) => {
        userBatches.push(args.ids);
        return args.ids.map((id) => USERS.find((u) => u.id === id) ?? null);
      },
    },
  });
  return Object.assign(server, { userBatches });
}
