/**
 * media-service's subschema: the `Media` type, the upload flow, and `Post.media`, `Comment.media`,
 * `User.avatar`/`User.banner` through the batched merge resolvers `_postsMedia`, `_commentsMedia`,
 * `_usersMedia` (content-service and user-service own the rest of those types; a page costs one
 * query here).
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
    "The same size as AVIF (only when the service runs with MEDIA_AVIF=1)."
    avif: MediaFile
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

  # A comment, as far as media goes. Merge key: id (content-service owns the rest and its description).
  type Comment @key(selectionSet: "{ id }") {
    id: ID!
    "The attached media objects, in order (like Post.media)."
    media: [Media!]!
  }

  # A profile, as far as media goes. Merge key: id (user-service owns the rest and its description).
  type User @key(selectionSet: "{ id }") {
    id: ID!
    "The avatar image (signed URLs, like every Media); null when none is set."
    avatar: Media
    "The banner image; null when none is set."
    banner: Media
  }

  "A presigned URL for one part of a multipart upload; PUT the part's bytes there and keep the ETag."
  type UploadPartUrl {
    partNumber: Int!
    url: String!
    size: Int!
  }

  "A part the store already holds."
  type ReceivedUploadPart {
    partNumber: Int!
    etag: String!
    size: Int!
  }

  type UploadSession {
    id: ID!
    "The presigned PUT (multipart sessions: part 1's URL; PUT each of parts instead)."
    uploadUrl: String!
    method: String!
    expiresAt: String!
    "Multipart sessions (files over MEDIA_MULTIPART_THRESHOLD) only."
    partSize: Int
    partCount: Int
    parts: [UploadPartUrl!]
  }

  "Where an upload session stands, for resuming."
  type UploadSessionStatus {
    id: ID!
    "pending or complete"
    status: String!
    mediaId: ID
    declaredSize: Int!
    receivedBytes: Int!
    receivedParts: [ReceivedUploadPart!]
    partSize: Int
    partCount: Int
    "Fresh URLs for the parts not received yet."
    parts: [UploadPartUrl!]
    expiresAt: String!
  }

  input CompletedUploadPart {
    partNumber: Int!
    etag: String!
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
    "Your upload session's state: parts received and fresh URLs for the missing ones."
    mediaUpload(id: ID!): UploadSessionStatus
    _postsMedia(ids: [ID!]!): [Post]! @merge(keyField: "id")
    _commentsMedia(ids: [ID!]!): [Comment]! @merge(keyField: "id")
    _usersMedia(ids: [ID!]!): [User]! @merge(keyField: "id")
  }

  type Mutation {
    "Step 1 of uploadMedia: PUT the file to uploadUrl with the declared Content-Type (big files: each of parts)."
    createMediaUpload(contentType: String!, size: Int!, sha256: String): UploadSession!
    "Step 2 of uploadMedia: the uploaded bytes become a media object (images ready, videos processing)."
    completeMediaUpload(id: ID!, alt: String, focus: String, parts: [CompletedUploadPart!]): Media!
    updateMedia(id: ID!, alt: String, focus: String): Media!
    deleteMedia(id: ID!): Boolean!
    "A new live stream and its secret key (push RTMP to ingestUrl/streamKey)."
    startLiveStream(title: String!): LiveStream!
    "A new stream key (owner); the old one is refused from now on."
    rotateLiveStreamKey(id: ID!): LiveStream!
  }
`;
