/**
 * media-service's subschema: the `Media` type, the upload flow, and `Post.media` through the
 * batched merge resolver `_postsMedia(ids)` (content-service owns the rest of Post; a page of posts
 * costs one query here).
 */
export const mediaTypeDefs = /* GraphQL */ `
  enum MediaKind {
    image
    gif
    video
  }

  enum MediaStatus {
    processing
    ready
    failed
  }

  type MediaFocus {
    x: Float!
    y: Float!
  }

  type MediaFile {
    url: String!
    contentType: String!
    size: Int!
  }

  type MediaVariant {
    name: String!
    url: String!
    width: Int!
    height: Int!
    contentType: String!
    size: Int!
    fallback: MediaFile
  }

  type MediaUrl {
    url: String!
  }

  type MediaVideo {
    durationMs: Int!
    hls: MediaUrl!
    poster: MediaUrl!
  }

  "A photo, GIF or video. URLs are signed and expire (MEDIA_URL_TTL)."
  type Media {
    id: ID!
    ownerId: ID!
    kind: MediaKind!
    status: MediaStatus!
    alt: String!
    focus: MediaFocus!
    width: Int
    height: Int
    blurhash: String
    variants: [MediaVariant!]!
    video: MediaVideo
    processingProgress: Float!
    error: String
    createdAt: String!
  }

  "A post, as far as media goes. Merge key: id (content-service owns the rest)."
  type Post @key(selectionSet: "{ id }") {
    id: ID!
    media: [Media!]!
  }

  type UploadSession {
    id: ID!
    uploadUrl: String!
    method: String!
    expiresAt: String!
  }

  "A live stream: status, viewers and its signed HLS playback URL; ingest only for its owner."
  type LiveStream {
    id: ID!
    ownerId: ID!
    title: String!
    "idle, live or ended"
    status: String!
    viewers: Int!
    playbackUrl: String!
    "RTMP ingest URL (owner only)."
    ingestUrl: String
    "The secret stream key: only right after startLiveStream or rotateLiveStreamKey."
    streamKey: String
    recordingMediaId: ID
    startedAt: String
    endedAt: String
  }

  type Query {
    media(id: ID!): Media
    liveStream(id: ID!): LiveStream
    _postsMedia(ids: [ID!]!): [Post]! @merge(keyField: "id")
  }

  type Mutation {
    "Step 1 of uploadMedia: PUT the file to uploadUrl with the declared Content-Type."
    createMediaUpload(contentType: String!, size: Int!, sha256: String): UploadSession!
    "Step 2 of uploadMedia: the uploaded bytes become a media object (images ready, videos processing)."
    completeMediaUpload(id: ID!, alt: String, focus: String): Media!
    updateMedia(id: ID!, alt: String, focus: String): Media!
    deleteMedia(id: ID!): Boolean!
    "A new live stream and its secret key (push RTMP to ingestUrl/streamKey)."
    startLiveStream(title: String!): LiveStream!
    "A new stream key (owner); the old one is refused from now on."
    rotateLiveStreamKey(id: ID!): LiveStream!
  }
`;
