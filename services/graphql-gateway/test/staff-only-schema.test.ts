import { beforeAll, describe, expect, test } from "bun:test";
import { buildSchema, isObjectType } from "graphql";
import type { GatewayYoga } from "../src/graphql/index.ts";
import { STAFF_ONLY_FIELDS } from "../src/graphql/staff-only-schema.ts";
import { postGraphQL } from "./support/gateway-client.ts";
import { startSubschemaServer } from "./support/start-subschema-server.ts";
import { useStitchedGateway } from "./support/stitched-gateway.ts";

// A moderation/analytics subschema with the real staff-only root fields and a public one.
const staffTypeDefs = /* GraphQL */ `
  type ModerationCase {
    id: ID!
    reportCount: Int!
  }
  type AuditEntry {
    verb: String!
  }
  type StaffAnalytics {
    dailyActive: Int!
  }
  type Query {
    moderationQueue: [ModerationCase!]!
    moderationAudit: [AuditEntry!]!
    staff: StaffAnalytics
    "Public: everyone may report."
    reportReasons: [String!]!
  }
  type Mutation {
    assignModerationCase(caseId: ID!): ID!
    takeModerationAction(caseId: ID!): ID!
    report(subjectId: ID!): ID!
  }
`;
const staffResolvers = {
  Query: {
    moderationQueue: () => [{ id: "c1", reportCount: 3 }],
    moderationAudit: () => [{ verb: "action.remove" }],
    staff: () => ({ dailyActive: 42 }),
    reportReasons: () => ["spam"],
  },
  Mutation: { assignModerationCase: () => "c1", takeModerationAction: () => "a1", report: () => "r1" },
};

const as = (roles: string[]) => ({ caller: { accountId: "u1", auth: { accountId: "u1", roles } } });
const INTROSPECT =
  "{ __schema { queryType { fields { name } } mutationType { fields { name } } types { name } } }";

describe("staff-only fields in the gateway's schema", () => {
  const staff = startSubschemaServer(staffTypeDefs, staffResolvers);
  const stitched = useStitchedGateway({
    version: "1.0.0",
    graphiql: false,
    extra: [{ name: "trust-safety", server: staff }],
  });
  let gateway: GatewayYoga;
  beforeAll(() => {
    gateway = stitched.gateway;
  });

  const introspect = async (roles?: string[]) => {
    const { body } = await postGraphQL(gateway, INTROSPECT, {}, roles ? as(roles) : {});
    const s = (body.data as { __schema: Record<string, { fields: { name: string }[] } & { name: string }[]> })
      .__schema as unknown as {
      queryType: { fields: { name: string }[] };
      mutationType: { fields: { name: string }[] };
      types: { name: string }[];
    };
    return {
      fields: [
        ...s.queryType.fields.map((f) => `Query.${f.name}`),
        ...s.mutationType.fields.map((f) => `Mutation.${f.name}`),
      ],
      types: s.types.map((t) => t.name),
    };
  };

  test("members and anonymous callers do not see them (fields nor the types only they reach); public ones stay", async () => {
    for (const who of [undefined, []]) {
      const { fields, types } = await introspect(who);
      for (const f of Object.keys(STAFF_ONLY_FIELDS)) expect(fields).not.toContain(f);
      expect(fields).toEqual(expect.arrayContaining(["Query.me", "Query.reportReasons", "Mutation.report"]));
      expect(types).not.toContain("ModerationCase");
      expect(types).not.toContain("AuditEntry");
      expect(types).not.toContain("StaffAnalytics");
    }
  });

  test("a member's query naming one fails validation and reaches no service", async () => {
    const before = staff.delegatedCalls().length;
    const { body } = await postGraphQL(gateway, "{ moderationQueue { id } }", {}, as([]));
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.message).toContain('Cannot query field "moderationQueue" on type "Query"');
    const mutation = await postGraphQL(
      gateway,
      'mutation { takeModerationAction(caseId: "c1") }',
      {},
      as([]),
    );
    expect(mutation.body.errors?.[0]?.message).toContain("takeModerationAction");
    expect(staff.delegatedCalls().length).toBe(before);
  });

  test("each staff role sees its own fields: moderators the moderation ones, analysts `staff`, admins all", async () => {
    const moderator = (await introspect(["moderator"])).fields;
    expect(moderator).toEqual(
      expect.arrayContaining([
        "Query.moderationQueue",
        "Query.moderationAudit",
        "Mutation.assignModerationCase",
        "Mutation.takeModerationAction",
      ]),
    );
    expect(moderator).not.toContain("Query.staff");
    const analyst = (await introspect(["analyst"])).fields;
    expect(analyst).toContain("Query.staff");
    expect(analyst).not.toContain("Query.moderationQueue");
    const admin = (await introspect(["admin"])).fields;
    for (const f of Object.keys(STAFF_ONLY_FIELDS)) expect(admin).toContain(f);

    const { body } = await postGraphQL(
      gateway,
      "{ moderationQueue { id reportCount } }",
      {},
      as(["moderator"]),
    );
    expect(body).toEqual({ data: { moderationQueue: [{ id: "c1", reportCount: 3 }] } });
  });

  test("queries through the pruned schema still merge types across services", async () => {
    const { body } = await postGraphQL(
      gateway,
      "{ me { username posts { body author { username } } } reportReasons }",
      { authorization: "Bearer u1" },
      as([]),
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toMatchObject({
      me: {
        username: "alice",
        posts: [{ author: { username: "alice" } }, { author: { username: "alice" } }],
      },
      reportReasons: ["spam"],
    });
  });
});

test("every staff-only field exists in the committed SDL (the full schema; a rename must update the list)", async () => {
  const sdl = await Bun.file(new URL("../schema/gateway.graphql", import.meta.url)).text();
  const schema = buildSchema(sdl, { assumeValidSDL: true });
  for (const key of Object.keys(STAFF_ONLY_FIELDS)) {
    const [typeName = "", field = ""] = key.split(".");
    const type = schema.getType(typeName);
    expect(isObjectType(type) && field in type.getFields() ? key : `${key} missing`).toBe(key);
  }
});
