#!/usr/bin/env python3
"""Feed articles into docpipe from a Python script.

The same feed as `docpipe feed`, for data teams that script in Python: it
streams files (or every file below a directory) into IngestService's
bidirectional IngestStream and prints one JSON line per article, then a
summary on stderr. Uses Debian's python3-grpcio with the stubs that the build
generates into build/python (found automatically, or via DOCPIPE_PY_STUBS).

With --nats it publishes to the JetStream work queue instead, exactly as
`docpipe feed --nats` does (same stream, subject, message bytes and dedup
ID; docs/distributed.md), for `docpipe ingest-worker` processes to store;
"-" then reads JSON lines of docpipe.v1.Document from stdin. It speaks
JetStream's JSON API through Debian's libnats (natsc.py, jetstream.py).

  feed.py --server 127.0.0.1:50050 ../shared/corpus/seed
  feed.py --nats nats://127.0.0.1:4222 --nats_replicas 3 ../shared/corpus/seed
"""
import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
STUBS = os.environ.get("DOCPIPE_PY_STUBS",
                       os.path.join(HERE, "..", "..", "build", "python"))
sys.path.insert(0, STUBS)

import grpc  # noqa: E402
from docpipe.v1 import document_pb2, ingest_pb2, ingest_pb2_grpc  # noqa: E402

CODE_NAMES = {c.value[0]: c.name for c in grpc.StatusCode}
OUTCOMES = {ingest_pb2.INGEST_OUTCOME_CREATED: "created",
            ingest_pb2.INGEST_OUTCOME_DUPLICATE: "duplicate",
            ingest_pb2.INGEST_OUTCOME_FAILED: "failed"}


def id_root(paths):
    """The directory external ids are relative to: the deepest common
    ancestor of the arguments' bases (a directory is its own, a file's is its
    parent), so `feed.py bbc/business bbc/tech` gives business/001.txt and
    tech/001.txt, and one directory ids relative to it."""
    bases = [os.path.abspath(p if os.path.isdir(p) else os.path.dirname(os.path.abspath(p)))
             for p in paths if p != "-"]
    return os.path.commonpath(bases) if bases else os.getcwd()


def collect(paths, root=None):
    """(external_id, path) for every input file, directories walked sorted;
    ids relative to `root` (default: id_root(paths))."""
    root = id_root(paths) if root is None else root
    for p in paths:
        if os.path.isdir(p):
            found = []
            for dirpath, _, files in os.walk(p):
                for f in files:
                    full = os.path.join(dirpath, f)
                    found.append((os.path.relpath(os.path.abspath(full), root), full))
            yield from sorted(found)
        elif os.path.isfile(p):
            yield os.path.relpath(os.path.abspath(p), root), p
        else:
            raise SystemExit(f"feed.py: {p}: no such file or directory")


def requests(inputs):
    for i, (ext_id, path) in enumerate(inputs):
        with open(path, "rb") as f:
            raw = f.read()
        # Raw bytes: ingest validates the encoding and names the field and
        # offset of any problem, rather than this script guessing.
        doc = document_pb2.Document(external_id=ext_id)
        yield ingest_pb2.IngestRequest(document=doc, raw_text=raw,
                                       request_tag=str(i))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--server", default="127.0.0.1:50050")
    ap.add_argument("--timeout", type=float, default=600.0,
                    help="deadline of the whole stream, seconds")
    ap.add_argument("--user", default=os.environ.get("USER", "feed.py"))
    ap.add_argument("--token", default=os.environ.get("DOCPIPE_TOKEN", ""),
                    help="bearer token (servers started with --token_file)")
    ap.add_argument("--tls_ca", default="",
                    help="PEM CA certificate: connect with TLS")
    ap.add_argument("--nats", default="",
                    help="NATS servers (nats://HOST:PORT[,...]): publish to "
                    "the JetStream ingest work queue instead of --server")
    ap.add_argument("--nats_replicas", type=int, default=1,
                    help="--nats: replicas of the stream when it is created "
                    "(3 on a three-node cluster)")
    ap.add_argument("--nats_token_file", default="",
                    help="--nats: file holding the cluster's authorization token")
    ap.add_argument("--nats_creds", default="",
                    help="--nats: credentials file (.creds: user JWT and NKey seed)")
    ap.add_argument("--nats_tls_ca", default="",
                    help="--nats: PEM CA bundle of the servers' certificates "
                    "(connect with TLS)")
    ap.add_argument("--max_pending", type=int, default=0,
                    help="--nats: wait while more than this many articles "
                    "are queued for the workers (0 = no limit)")
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()
    if args.nats:
        if not 1 <= args.nats_replicas <= 5:
            ap.error("--nats_replicas: must be 1 to 5")
        if args.max_pending < 0:
            ap.error("--max_pending: must be 0 or more")
        import feed_nats  # noqa: E402 (libnats only when asked for)
        try:
            return feed_nats.run(args, collect, id_root)
        except ImportError as e:  # libnats missing
            raise SystemExit(f"feed.py: --nats: {e}")

    inputs = list(collect(args.paths))
    counts = {"created": 0, "duplicate": 0, "failed": 0}
    start = time.monotonic()
    if args.tls_ca:
        with open(args.tls_ca, "rb") as f:
            creds = grpc.ssl_channel_credentials(root_certificates=f.read())
        channel = grpc.secure_channel(args.server, creds)
    else:
        channel = grpc.insecure_channel(args.server)
    metadata = [("docpipe-user", args.user)]
    if args.token:
        metadata.append(("authorization", "Bearer " + args.token))
    with channel:
        stub = ingest_pb2_grpc.IngestServiceStub(channel)
        responses = stub.IngestStream(requests(inputs), timeout=args.timeout,
                                      metadata=metadata)
        for r in responses:
            outcome = OUTCOMES.get(r.outcome, "failed")
            counts[outcome] += 1
            line = {"external_id": inputs[int(r.request_tag)][0],
                    "outcome": outcome, "doc_id": r.doc_id,
                    "version": r.version, "revision": r.revision,
                    "annotations": r.annotation_count}
            if outcome == "failed":
                line["error"] = CODE_NAMES.get(r.error_code, "UNKNOWN")
                line["message"] = r.error_message
            print(json.dumps(line), flush=True)
    secs = max(time.monotonic() - start, 1e-6)
    print(f"fed {len(inputs)} articles in {secs:.2f} s: {counts['created']} new, "
          f"{counts['duplicate']} duplicate, {counts['failed']} failed; "
          f"{len(inputs) / secs:.1f} articles/s", file=sys.stderr)
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
