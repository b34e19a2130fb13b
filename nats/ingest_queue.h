// The ingest work queue's names (docs/distributed.md): `docpipe feed --nats`
// publishes each docpipe.v1.IngestRequest, serialized, on kIngestSubject of
// the work-queue stream kIngestStream with Nats-Msg-Id = the article's
// external id (else "sha256:" + its text's hash); `docpipe ingest-worker`
// processes share the durable pull consumer kIngestConsumer, and a message
// leaves the stream when a worker acknowledges it.
#ifndef DOCPIPE_NATS_INGEST_QUEUE_H_
#define DOCPIPE_NATS_INGEST_QUEUE_H_

namespace docpipe::nats {

inline constexpr char kIngestStream[] = "DOCPIPE_INGEST";
inline constexpr char kIngestSubject[] = "docpipe.ingest";
inline constexpr char kIngestConsumer[] = "docpipe-ingest";

}  // namespace docpipe::nats

#endif  // DOCPIPE_NATS_INGEST_QUEUE_H_
