import { create, createFileRegistry, type DescService } from "@bufbuild/protobuf";
import {
  FileDescriptorProtoSchema,
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
} from "@bufbuild/protobuf/wkt";

// A test-only service built at runtime: Open (to be declared public) and Secret (internal).
const file = create(FileDescriptorProtoSchema, {
  name: "nova/test/v1/access.proto",
  package: "nova.test.v1",
  syntax: "proto3",
  messageType: [
    {
      name: "Who",
      field: [
        { name: "service", number: 1, type: Type.STRING, label: Label.OPTIONAL, jsonName: "service" },
        { name: "account", number: 2, type: Type.STRING, label: Label.OPTIONAL, jsonName: "account" },
      ],
    },
  ],
  service: [
    {
      name: "AccessService",
      method: [
        { name: "Open", inputType: ".nova.test.v1.Who", outputType: ".nova.test.v1.Who" },
        { name: "Secret", inputType: ".nova.test.v1.Who", outputType: ".nova.test.v1.Who" },
      ],
    },
  ],
});

/** nova.test.v1.AccessService, for tests of the RPC access gate: Open (declare it public) and Secret (internal), each taking and answering a `Who` { service, account }. */
export const AccessTestService = createFileRegistry(file, () => undefined).getService(
  "nova.test.v1.AccessService",
) as DescService;
