#!/usr/bin/env python3
"""End to end: three services as separate processes, the Python feed, the
`docpipe watch` client, and a kill -9 of the store.

Checks that every seed article arrives annotated on the change stream (from
revision 1, in order, gap-free), that a second feed is all duplicates, and
that after `kill -9` and a restart of the store every acknowledged document
and version is still there and the revision counter continues without a gap.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import procs  # noqa: E402

import grpc  # noqa: E402
from docpipe.v1 import store_pb2, store_pb2_grpc  # noqa: E402

SEED = os.path.join(procs.SHARED, "corpus", "seed")
FEED = os.path.join(os.path.dirname(__file__), "..", "clients", "python", "feed.py")


def feed(server, *paths):
    out = subprocess.run([sys.executable, FEED, "--server", server, *paths],
                         capture_output=True, text=True, timeout=120,
                         env={**os.environ, "DOCPIPE_PY_STUBS": procs.STUBS})
    lines = [json.loads(l) for l in out.stdout.splitlines() if l.strip()]
    return out.returncode, lines, out.stderr


class PipelineEndToEnd(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="docpipe-e2e-")
        self.data = os.path.join(self.tmp, "store")
        self.store = procs.Server("docpipe-store", ["--listen", "127.0.0.1:0", "--data_dir", self.data])
        self.annotate = procs.Server("docpipe-annotate", ["--listen", "127.0.0.1:0"])
        self.ingest = procs.Server("docpipe-ingest", [
            "--listen", "127.0.0.1:0", "--annotate", self.annotate.address,
            "--store", self.store.address])

    def tearDown(self):
        for s in (self.ingest, self.annotate, self.store):
            if s.proc.poll() is None:
                s.proc.kill()
                s.proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def stub(self):
        channel = grpc.insecure_channel(self.store.address)
        return channel, store_pb2_grpc.StoreServiceStub(channel)

    def test_feed_watch_and_crash(self):
        seed_files = sorted(os.listdir(SEED))
        # Follow the change stream from revision 1 while feeding.
        watch = subprocess.Popen(
            [os.path.join(procs.BIN, "docpipe"), "watch", "--server", self.store.address,
             "--from", "1", "--json", "--max_events", str(2 * len(seed_files))],
            stdout=subprocess.PIPE, text=True)
        rc, results, err = feed(self.ingest.address, SEED)
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(results), len(seed_files))
        self.assertEqual({r["outcome"] for r in results}, {"created"}, results)
        self.assertEqual(sorted(r["external_id"] for r in results), seed_files)
        acked = {r["doc_id"]: r for r in results}

        out, _ = watch.communicate(timeout=60)
        self.assertEqual(watch.returncode, 0)
        events = [json.loads(l) for l in out.splitlines()]
        revisions = [int(e["revision"]) for e in events]
        self.assertEqual(revisions, list(range(1, 2 * len(seed_files) + 1)))
        annotated = {e["doc_id"] for e in events if e["kind"] == "CHANGE_KIND_ANNOTATED"}
        self.assertEqual(annotated, set(acked))
        added = {e["doc_id"] for e in events if e["kind"] == "CHANGE_KIND_DOCUMENT_ADDED"}
        self.assertEqual(added, set(acked))

        channel, store = self.stub()
        for doc_id in acked:
            anns = store.GetAnnotations(store_pb2.GetAnnotationsRequest(doc_id=doc_id), timeout=10)
            self.assertEqual(anns.version, 1)
            self.assertTrue(any(a.HasField("number") for a in anns.annotations), doc_id)
        channel.close()

        # The same articles again: duplicates, nothing written.
        rc, again, err = feed(self.ingest.address, SEED)
        self.assertEqual(rc, 0, err)
        self.assertEqual({r["outcome"] for r in again}, {"duplicate"})
        self.assertEqual({r["doc_id"] for r in again}, set(acked))

        # kill -9 the store and restart it on the same port and data dir.
        port = self.store.port
        self.store.kill9()
        self.store = procs.Server("docpipe-store", ["--listen", f"127.0.0.1:{port}", "--data_dir", self.data])
        channel, store = self.stub()
        for doc_id, r in acked.items():
            doc = store.GetDocument(store_pb2.GetDocumentRequest(doc_id=doc_id), timeout=10)
            self.assertEqual(doc.external_id, r["external_id"])
            versions = store.ListVersions(store_pb2.ListVersionsRequest(doc_id=doc_id), timeout=10)
            self.assertEqual(versions.head_version, 1)
            self.assertEqual([v.version for v in versions.versions], [1])
        channel.close()

        # The revision counter continues without a gap after the crash: ingest
        # (still running, pointed at the same port) reconnects.
        extra = os.path.join(self.tmp, "extra.txt")
        with open(extra, "w") as f:
            f.write("Seoul said on Monday that 3,000 more troops arrived.\n")
        rc, res, err = feed(self.ingest.address, extra)
        self.assertEqual(rc, 0, err)
        self.assertEqual(res[0]["outcome"], "created")
        self.assertEqual(int(res[0]["revision"]), 2 * len(seed_files) + 2)

    def test_bad_input_is_rejected_with_field_name(self):
        bad = os.path.join(self.tmp, "bad.txt")
        with open(bad, "wb") as f:
            f.write(b"valid start \xff\xfe broken")
        empty = os.path.join(self.tmp, "empty.txt")
        open(empty, "w").close()
        rc, res, _ = feed(self.ingest.address, bad, empty)
        self.assertEqual(rc, 1)
        self.assertEqual([r["outcome"] for r in res], ["failed", "failed"])
        for r in res:
            self.assertEqual(r["error"], "INVALID_ARGUMENT")
            self.assertRegex(r["message"], r"raw_text|document\.text")
        channel, store = self.stub()
        listed = store.ListDocuments(store_pb2.ListDocumentsRequest(), timeout=10)
        self.assertEqual(len(listed.documents), 0)
        channel.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
