"""`feed.py --nats`: publishes articles to the JetStream ingest work queue,
byte for byte as `docpipe feed --nats` does (clients/docpipe/nats_cmds.cc,
nats/ingest_queue.h), for `docpipe ingest-worker` processes to store.

Each article is a docpipe.v1.IngestRequest, serialized, published on
subject docpipe.ingest of the work-queue stream DOCPIPE_INGEST (created if
missing, like docpipe feed creates it) with header Nats-Msg-Id = its
external id, else "sha256:" + the hex SHA-256 of its text; the stream drops
an ID seen in the last two minutes as a duplicate, whichever feeder sent
it. Prints one JSON line per article on stdout:

  {"external_id": "a.txt", "outcome": "queued", "seq": 7}
  {"external_id": "b.txt", "outcome": "duplicate", "seq": 3}
  {"external_id": "c.txt", "outcome": "failed", "error": "UNAVAILABLE",
   "message": "nats: request docpipe.ingest: Timeout"}

then docpipe feed's summary on stderr, ending with how far the workers are
behind ("no ingest-worker has connected yet" or "N queued for the workers,
M being worked on"). Exit 0, 1 if any article failed or NATS is
unreachable, 130 on Ctrl-C (after the summary).
"""
import hashlib
import json
import os
import sys
import time

from google.protobuf import json_format

import jetstream
import natsc
from docpipe.v1 import document_pb2, ingest_pb2

# nats/ingest_queue.h
STREAM = "DOCPIPE_INGEST"
SUBJECT = "docpipe.ingest"
CONSUMER = "docpipe-ingest"
PUBLISH_ATTEMPTS = 20  # as RunFeedNats: 0.1 s doubling to 1.6 s between


def articles(inputs):
    """(name, IngestRequest or None, error or None) for each input: a
    (external_id, path) file or None for stdin's JSON lines."""
    stdin_lines = 0
    for item in inputs:
        if item is not None:
            ext_id, path = item
            try:
                with open(path, "rb") as f:
                    raw = f.read()
            except OSError as e:
                yield ext_id, None, f"{path}: {e.strerror}"
                continue
            doc = document_pb2.Document(external_id=ext_id)
            yield ext_id, ingest_pb2.IngestRequest(document=doc,
                                                   raw_text=raw), None
            continue
        for line in sys.stdin.buffer:
            stdin_lines += 1
            if line.endswith(b"\n"):
                line = line[:-1]
            if not line:
                continue
            doc = document_pb2.Document()
            try:
                json_format.Parse(line.decode("utf-8"), doc)
            except (ValueError, json_format.ParseError) as e:
                yield (f"stdin line {stdin_lines}", None,
                       f"stdin line {stdin_lines}: not a "
                       f"docpipe.v1.Document: {e}")
                continue
            yield (doc.external_id or f"stdin line {stdin_lines}",
                   ingest_pb2.IngestRequest(document=doc), None)


def msg_id(req):
    """The dedup ID docpipe feed --nats gives `req`."""
    if req.document.external_id:
        return req.document.external_id
    text = req.raw_text or req.document.text.encode()
    return "sha256:" + hashlib.sha256(text).hexdigest()


def backlog(conn):
    """(articles queued or being worked on, docpipe feed's description)."""
    try:
        pending, ack_pending = jetstream.consumer_state(conn, STREAM, CONSUMER)
    except jetstream.JetStreamError as e:
        if e.not_found:
            return 0, "no ingest-worker has connected yet"
        return 0, f"backlog unknown: {e}"
    except natsc.NatsError as e:
        return 0, f"backlog unknown: {e}"
    return (pending + ack_pending,
            f"{pending} queued for the workers, {ack_pending} being worked on")


def error_name(e):
    if isinstance(e, natsc.NatsError) and e.status == natsc.TIMEOUT:
        return "DEADLINE_EXCEEDED"
    return "UNAVAILABLE" if getattr(e, "retryable", False) else "UNKNOWN"


def publish(conn, req):
    """(seq, duplicate), retrying while the cluster is unreachable or a
    stream leader moves; raises the last error."""
    data, mid = req.SerializeToString(), msg_id(req)
    for attempt in range(PUBLISH_ATTEMPTS):
        try:
            return jetstream.publish(conn, SUBJECT, data, mid)
        except (natsc.NatsError, jetstream.JetStreamError) as e:
            if not e.retryable or attempt == PUBLISH_ATTEMPTS - 1:
                raise
            time.sleep(0.1 * (1 << min(attempt, 4)))


def run(args, collect, id_root):
    urls = ",".join(u.strip() for u in args.nats.split(",") if u.strip())
    if not urls:
        print("feed.py: --nats: no NATS server URL given", file=sys.stderr)
        return 2
    inputs = []
    root = id_root(args.paths)
    for p in args.paths:
        inputs.extend([None] if p == "-" else collect([p], root))
    token = ""
    if args.nats_token_file:
        try:
            with open(args.nats_token_file) as f:
                token = f.read().strip()
        except OSError as e:
            print(f"feed.py: --nats_token_file: {e}", file=sys.stderr)
            return 2
        if not token:
            print(f"feed.py: --nats_token_file: {args.nats_token_file}: empty",
                  file=sys.stderr)
            return 2
    for flag in ("nats_creds", "nats_tls_ca"):
        path = getattr(args, flag)
        if path and not os.path.isfile(path):
            print(f"feed.py: --{flag}: {path}: no such file", file=sys.stderr)
            return 2
    try:
        conn = natsc.Connection(urls, name="feed.py", token=token,
                                creds=args.nats_creds, tls_ca=args.nats_tls_ca)
    except natsc.NatsError as e:
        print(f"feed.py: --nats {urls}: {e}", file=sys.stderr)
        return 1
    with conn:
        try:
            jetstream.ensure_stream(conn, STREAM, [SUBJECT], work_queue=True,
                                    replicas=args.nats_replicas)
        except (natsc.NatsError, jetstream.JetStreamError, ValueError) as e:
            print(f"feed.py: --nats {urls}: {e}", file=sys.stderr)
            return 1
        published = duplicate = failed = 0
        interrupted = False
        start = time.monotonic()
        try:
            for name, req, err in articles(inputs):
                line = {"external_id": name}
                if req is None:
                    failed += 1
                    line.update(outcome="failed", error="INVALID_ARGUMENT",
                                message=err)
                    print(json.dumps(line), flush=True)
                    continue
                # Back-pressure: every 64 articles, wait while the workers
                # are behind.
                if args.max_pending > 0 and published % 64 == 0:
                    while backlog(conn)[0] > args.max_pending:
                        time.sleep(0.1)
                try:
                    seq, dup = publish(conn, req)
                except (natsc.NatsError, jetstream.JetStreamError) as e:
                    failed += 1
                    line.update(outcome="failed", error=error_name(e),
                                message=str(e))
                    print(json.dumps(line), flush=True)
                    continue
                published += 1
                duplicate += dup
                line.update(outcome="duplicate" if dup else "queued", seq=seq)
                print(json.dumps(line), flush=True)
        except KeyboardInterrupt:
            interrupted = True
        secs = max(time.monotonic() - start, 1e-6)
        _, behind = backlog(conn)
    print(f"published {published + failed} articles to {STREAM} in "
          f"{secs:.2f} s: {published - duplicate} new, {duplicate} duplicate, "
          f"{failed} failed; {published / secs:.1f} articles/s; {behind}",
          file=sys.stderr)
    if interrupted:
        return 130
    return 1 if failed else 0
