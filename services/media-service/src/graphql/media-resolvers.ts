import { NotFoundError } from "@nova/errors";
import type { ServiceContext } from "../context.ts";
import { deleteMedia } from "../domain/delete-media.ts";
import { getMedia } from "../domain/get-media.ts";
import { getUploadSession } from "../domain/get-upload-session.ts";
import {
  createLiveStream,
  getLiveStream,
  type LiveStreamView,
  rotateStreamKey,
} from "../domain/live-streams.ts";
import { updateMedia } from "../domain/update-media.ts";
import { completeUploadSession, createUploadSession } from "../domain/upload-sessions.ts";
import type { Viewer } from "../domain/viewer.ts";
import { mergeResolvers } from "./merge-resolvers.ts";

export interface MediaGraphqlContext {
  viewer(): Promise<Viewer>;
  traceparent: string | undefined;
}

type Edit = { id: string; alt?: string | null; focus?: string | null };
const opt = (v: string | null | undefined) => v ?? undefined;

/** The REST view flattened for GraphQL (the same fields). */
const liveNode = (v: LiveStreamView) => ({
  ...v,
  playbackUrl: v.playback.hls.url,
  ingestUrl: v.ingest?.url ?? null,
  streamKey: v.ingest?.streamKey ?? null,
  recordingMediaId: v.recordingMediaId ?? null,
});

export function mediaResolvers(ctx: ServiceContext) {
  return {
    Query: {
      liveStream: async (_: unknown, args: { id: string }, gql: MediaGraphqlContext) => {
        try {
          return liveNode(await getLiveStream({ ctx, viewer: await gql.viewer(), input: { id: args.id } }));
        } catch (err) {
          if (err instanceof NotFoundError) return null;
          throw err;
        }
      },
      mediaUpload: async (_: unknown, args: { id: string }, gql: MediaGraphqlContext) => {
        try {
          return await getUploadSession({ ctx, viewer: await gql.viewer(), input: { id: args.id } });
        } catch (err) {
          if (err instanceof NotFoundError) return null;
          throw err;
        }
      },
      media: async (_: unknown, args: { id: string }, gql: MediaGraphqlContext) => {
        try {
          return await getMedia({ ctx, viewer: await gql.viewer(), input: { id: args.id } });
        } catch (err) {
          if (err instanceof NotFoundError) return null;
          throw err;
        }
      },
      ...mergeResolvers(ctx),
    },
    Mutation: {
      startLiveStream: async (_: unknown, args: { title: string }, gql: MediaGraphqlContext) =>
        liveNode(await createLiveStream({ ctx, viewer: await gql.viewer(), input: { title: args.title } })),
      rotateLiveStreamKey: async (_: unknown, args: { id: string }, gql: MediaGraphqlContext) =>
        liveNode(await rotateStreamKey({ ctx, viewer: await gql.viewer(), input: { id: args.id } })),
      createMediaUpload: async (
        _: unknown,
        args: { contentType: string; size: number; sha256?: string | null },
        gql: MediaGraphqlContext,
      ) =>
        createUploadSession({
          ctx,
          viewer: await gql.viewer(),
          input: { contentType: args.contentType, size: args.size, sha256: opt(args.sha256) },
        }),
      completeMediaUpload: async (
        _: unknown,
        args: Edit & { parts?: Array<{ partNumber: number; etag: string }> | null },
        gql: MediaGraphqlContext,
      ) =>
        completeUploadSession({
          ctx,
          viewer: await gql.viewer(),
          input: { id: args.id, alt: opt(args.alt), focus: opt(args.focus), parts: args.parts ?? undefined },
          traceparent: gql.traceparent,
        }),
      updateMedia: async (_: unknown, args: Edit, gql: MediaGraphqlContext) =>
        updateMedia({
          ctx,
          viewer: await gql.viewer(),
          input: { id: args.id, alt: opt(args.alt), focus: opt(args.focus) },
        }),
      deleteMedia: async (_: unknown, args: { id: string }, gql: MediaGraphqlContext) => {
        await deleteMedia({
          ctx,
          viewer: await gql.viewer(),
          input: { id: args.id },
          traceparent: gql.traceparent,
        });
        return true;
      },
    },
  };
}
