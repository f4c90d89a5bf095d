import { stitchingDirectives } from "@graphql-tools/stitching-directives";
import { buildSchema } from "graphql";
import type { UpstreamExecutor } from "./create-upstream-executor.ts";
import type { Upstream } from "./gateway-types.ts";

const { stitchingDirectivesTransformer, stitchingDirectivesValidator } = stitchingDirectives();

/** What `stitchSchemas` takes for one upstream (the delegate package's SubschemaConfig). */
export type SubschemaConfig = ReturnType<typeof stitchingDirectivesTransformer>;

/**
 * Turns an upstream's SDL into a subschema config whose merge settings come from its own
 * `@key`/`@merge`/`@canonical` directives: the gateway holds no per-service stitching code.
 * Throws when the SDL does not parse or misuses the directives; the caller records the reason.
 */
export function buildSubschema(
  upstream: Upstream,
  sdl: string,
  executor: UpstreamExecutor,
): { config: SubschemaConfig; typeCount: number } {
  const schema = stitchingDirectivesValidator(buildSchema(sdl));
  const config = stitchingDirectivesTransformer({
    schema,
    executor,
    name: upstream.name,
    // Merge resolvers that take a list of keys are batched per tick; this also batches the root
    // fields sent to one upstream in the same tick into a single HTTP request.
    batch: true,
  });
  const typeCount = Object.keys(schema.getTypeMap()).filter((name) => !name.startsWith("__")).length;
  return { config, typeCount };
}
