#!/usr/bin/env python3
"""Crash safety of the store: kill -9 during a stream of commits.

Four client threads put documents and commit corrections against them as
fast as the store acknowledges, each commit carrying a unique note. Once
enough are acknowledged, the store is killed with SIGKILL mid-stream and
restarted on the same data dir. Then:

  * every acknowledged commit is there, with its note;
  * nothing is half there: every document's versions run 1..head, each
    version's change-log event exists and names it, and the change log runs
    1..current without a gap;
  * the revision counter continues: the next commit gets current + 1.
"""
import os
import shutil
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import procs  # noqa: E402

import grpc  # noqa: E402
from docpipe.v1 import annotation_pb2, document_pb2, store_pb2, store_pb2_grpc  # noqa: E402

WRITERS = 4
KILL_AFTER = 150  # acknowledged commits before the kill


def number(begin, end, value):
    a = annotation_pb2.Annotation()
    a.span.begin, a.span.end = begin, end
    a.number.kind = annotation_pb2.NUMBER_KIND_CARDINAL
    a.number.value = value
    return a


class StoreCrash(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="docpipe-crash-")
        self.data = os.path.join(self.tmp, "store")
        self.store = procs.Server("docpipe-store", [
            "--listen", "127.0.0.1:0", "--data_dir", self.data, "--heartbeat", "100ms"])

    def tearDown(self):
        if self.store.proc.poll() is None:
            self.store.proc.kill()
            self.store.proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def writer(self, k, acked, lock, enough):
        channel = grpc.insecure_channel(self.store.address)
        stub = store_pb2_grpc.StoreServiceStub(channel)
        i = 0
        try:
            while True:
                text = f"Writer {k} article {i}: 12 boats and 7 planes."
                put = store_pb2.PutDocumentRequest(
                    document=document_pb2.Document(external_id=f"w{k}-{i}", text=text))
                put.annotations.annotations.append(number(text.index("12"), text.index("12") + 2, 12))
                put.annotations.note = f"w{k}-{i}-v1"
                r = stub.PutDocument(put, timeout=10)
                with lock:
                    acked.append((r.document.doc_id, 1, f"w{k}-{i}-v1", r.revision))
                commit = store_pb2.CommitRequest(doc_id=r.document.doc_id, expected_version=1,
                                                 note=f"w{k}-{i}-v2")
                commit.edits.edits.add().add.CopyFrom(number(text.index("7"), text.index("7") + 1, 7))
                c = stub.Commit(commit, timeout=10)
                with lock:
                    acked.append((c.doc_id, c.version, f"w{k}-{i}-v2", c.revision))
                    if len(acked) >= KILL_AFTER:
                        enough.set()
                i += 1
        except grpc.RpcError:
            pass  # the store died under us: what was not acknowledged may be lost
        finally:
            enough.set()
            channel.close()

    def test_kill9_during_commits(self):
        acked, lock, enough = [], threading.Lock(), threading.Event()
        threads = [threading.Thread(target=self.writer, args=(k, acked, lock, enough))
                   for k in range(WRITERS)]
        for t in threads:
            t.start()
        enough.wait(timeout=120)
        port = self.store.port
        self.store.kill9()  # mid-stream: the writers are still committing
        for t in threads:
            t.join(timeout=60)
        with lock:
            acked = list(acked)
        self.assertGreaterEqual(len(acked), KILL_AFTER)

        self.store = procs.Server("docpipe-store", [
            "--listen", f"127.0.0.1:{port}", "--data_dir", self.data, "--heartbeat", "100ms"])
        channel = grpc.insecure_channel(self.store.address)
        stub = store_pb2_grpc.StoreServiceStub(channel)

        # Every acknowledged commit survived, with its note and revision.
        for doc_id, version, note, revision in acked:
            s = stub.GetAnnotations(store_pb2.GetAnnotationsRequest(doc_id=doc_id, version=version),
                                    timeout=10)
            self.assertEqual(s.note, note)
            self.assertEqual(s.revision, revision)

        # The change log runs 1..current without a gap; the first progress
        # notice after the backlog carries the current revision.
        events = []
        stream = stub.Subscribe(store_pb2.SubscribeRequest(start_revision=1), timeout=60)
        for r in stream:
            if r.HasField("progress"):
                current = r.progress.revision
                break
            events.append(r.event)
        stream.cancel()
        self.assertEqual([e.revision for e in events], list(range(1, current + 1)))
        self.assertGreaterEqual(current, max(a[3] for a in acked))

        # Nothing half there: each document's versions are 1..head, and each
        # version's revision is a change-log event naming that version.
        by_revision = {e.revision: e for e in events}
        docs = {e.doc_id for e in events}
        for doc_id in docs:
            versions = stub.ListVersions(store_pb2.ListVersionsRequest(doc_id=doc_id), timeout=10)
            self.assertEqual([v.version for v in versions.versions],
                             list(range(1, versions.head_version + 1)))
            for v in versions.versions:
                e = by_revision[v.revision]
                self.assertEqual((e.doc_id, e.version), (doc_id, v.version))

        # The counter continues without a gap.
        r = stub.PutDocument(store_pb2.PutDocumentRequest(
            document=document_pb2.Document(external_id="after", text="After the crash.")), timeout=10)
        self.assertEqual(r.revision, current + 1)
        channel.close()


if __name__ == "__main__":
    unittest.main()
