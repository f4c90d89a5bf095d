import { create, createFileRegistry, type DescService } from "@bufbuild/protobuf";
import {
  FileDescriptorProtoSchema,
  MethodOptions_IdempotencyLevel as Idempotency,
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
} from "@bufbuild/protobuf/wkt";

// A test-only service built at runtime (packages/proto holds only the product's contracts):
// Get is NO_SIDE_EFFECTS, Put declares nothing, Relay calls Get on another service.
const file = create(FileDescriptorProtoSchema, {
  name: "nova/test/v1/echo.proto",
  package: "nova.test.v1",
  syntax: "proto3",
  messageType: [
    {
      name: "EchoRequest",
      field: [{ name: "text", number: 1, type: Type.STRING, label: Label.OPTIONAL, jsonName: "text" }],
    },
    {
      name: "EchoResponse",
      field: [{ name: "text", number: 1, type: Type.STRING, label: Label.OPTIONAL, jsonName: "text" }],
    },
  ],
  service: [
    {
      name: "EchoService",
      method: [
        {
          name: "Get",
          inputType: ".nova.test.v1.EchoRequest",
          outputType: ".nova.test.v1.EchoResponse",
          options: { idempotencyLevel: Idempotency.NO_SIDE_EFFECTS },
        },
        { name: "Put", inputType: ".nova.test.v1.EchoRequest", outputType: ".nova.test.v1.EchoResponse" },
        { name: "Relay", inputType: ".nova.test.v1.EchoRequest", outputType: ".nova.test.v1.EchoResponse" },
      ],
    },
  ],
});

/** nova.test.v1.EchoService */
export const EchoService = createFileRegistry(file, () => undefined).getService(
  "nova.test.v1.EchoService",
) as DescService;
