#!/usr/bin/python3
"""Operational safety with real processes: a second server on a port or a
data directory already in use exits at once with exit code 4 and says why,
and the first one keeps serving; backups taken from a running server
restore into a store that serves every acknowledged version and resumes the
change stream at the same revision, even after a server killed mid-backup."""
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import procs  # noqa: E402

DOCPIPE = os.path.join(procs.BIN, "docpipe")
SEED = os.path.join(procs.SHARED, "corpus", "seed")
EXIT_IN_USE = 4


def run(binary, *args, timeout=120):
    return subprocess.run([os.path.join(procs.BIN, binary), *args],
                          capture_output=True, text=True, timeout=timeout)


class InUse(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="docpipe-ops-")
        self.data = os.path.join(self.tmp, "store")
        self.server = procs.Server("docpipe", [
            "serve", "--listen", "127.0.0.1:0", "--data_dir", self.data])
        self.addr = self.server.address

    def tearDown(self):
        if self.server.proc.poll() is None:
            self.server.proc.kill()
            self.server.proc.wait()
        self.server.proc.stdout.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def assert_refused(self, out, message):
        self.assertEqual(out.returncode, EXIT_IN_USE, out.stderr)
        self.assertIn(message, out.stderr)
        self.assertNotIn("listening on", out.stdout)
        self.assertNotIn("in_use", out.stderr)

    def assert_first_still_serves(self):
        self.assertIsNone(self.server.proc.poll())
        first = sorted(os.listdir(SEED))[0]
        fed = run("docpipe", "feed", "--server", self.addr,
                  os.path.join(SEED, first))
        self.assertEqual(fed.returncode, 0, fed.stderr)
        listed = run("docpipe", "ls", "--server", self.addr)
        self.assertEqual(listed.returncode, 0, listed.stderr)
        self.assertIn(first, listed.stdout)

    def test_second_serve_on_the_same_port_is_refused(self):
        out = run("docpipe", "serve", "--listen", self.addr,
                  "--data_dir", os.path.join(self.tmp, "other"))
        self.assert_refused(
            out, f"--listen {self.addr}: address in use (another server?)")
        self.assert_first_still_serves()

    def test_second_store_on_the_same_port_is_refused(self):
        out = run("docpipe-store", "--listen", self.addr,
                  "--data_dir", os.path.join(self.tmp, "other"))
        self.assert_refused(out, f"--listen {self.addr}: address in use")
        self.assert_first_still_serves()

    def test_second_serve_on_the_same_data_dir_is_refused(self):
        out = run("docpipe", "serve", "--listen", "127.0.0.1:0",
                  "--data_dir", self.data)
        self.assert_refused(
            out, f"--data_dir {self.data}: held by another docpipe process")
        self.assertIn("FAILED_PRECONDITION", out.stderr)
        self.assert_first_still_serves()


def docpipe(*args, **kw):
    return run("docpipe", *args, **kw)


def check(out):
    if out.returncode != 0:
        raise AssertionError(f"exit {out.returncode}: {out.stderr}")
    return out


def snapshot(addr):
    """Every version of every document (serialized), the stats and the
    change stream from revision 1, as the server gives them."""
    import grpc
    from docpipe.v1 import store_pb2, store_pb2_grpc
    stats = json.loads(check(docpipe("stats", "--server", addr, "--json")).stdout)
    versions = {}
    with grpc.insecure_channel(addr) as channel:
        store = store_pb2_grpc.StoreServiceStub(channel)
        docs = store.ListDocuments(store_pb2.ListDocumentsRequest(page_size=1000),
                                   timeout=10).documents
        for d in docs:
            for v in range(1, d.head_version + 1):
                got = store.GetAnnotations(store_pb2.GetAnnotationsRequest(
                    doc_id=d.doc_id, version=v), timeout=10)
                versions[(d.doc_id, v)] = got.SerializeToString()
    rev = stats["current_revision"]
    stream = check(docpipe("watch", "--server", addr, "--from", "1",
                           "--max_events", str(rev), "--json")).stdout
    return stats, versions, stream.splitlines()


class Backups(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="docpipe-backup-")
        self.data = os.path.join(self.tmp, "store")
        self.backups = os.path.join(self.tmp, "backups")
        self.servers = []

    def tearDown(self):
        for s in self.servers:
            if s.proc.poll() is None:
                s.proc.kill()
                s.proc.wait()
            s.proc.stdout.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def serve(self, data, env=None):
        saved = dict(os.environ)
        os.environ.update(env or {})
        try:
            server = procs.Server("docpipe", [
                "serve", "--listen", "127.0.0.1:0", "--data_dir", data])
        finally:
            os.environ.clear()
            os.environ.update(saved)
        self.servers.append(server)
        return server

    def feed_and_correct(self, addr):
        check(docpipe("feed", "--server", addr, SEED))
        first = sorted(os.listdir(SEED))[0]
        doc = json.loads(check(docpipe("show", "--server", addr, "--json", first)).stdout)
        some = doc["annotations"]["annotations"][0]["id"]
        check(docpipe("correct", "--server", addr, first, "--delete", some,
                      "--note", "before the backup"))

    def restore_and_compare(self, before, backup_id=None):
        restored = os.path.join(self.tmp, f"restored-{len(self.servers)}")
        extra = ["--backup_id", str(backup_id)] if backup_id else []
        out = check(docpipe("restore", "--from", self.backups, *extra,
                            "--data_dir", restored))
        rev = before[0]["current_revision"]
        self.assertIn(f"(revision {rev})", out.stdout)
        server = self.serve(restored)
        after = snapshot(server.address)
        self.assertEqual(after[0]["current_revision"], rev)
        self.assertEqual(after[0]["document_count"], before[0]["document_count"])
        self.assertEqual(after[1], before[1])  # every version, byte for byte
        self.assertEqual(after[2], before[2])  # the stream from revision 1
        # A server holds the restored directory now: a restore into it is
        # refused with exit 4.
        held = docpipe("restore", "--from", self.backups, "--data_dir", restored)
        self.assertEqual(held.returncode, EXIT_IN_USE, held.stderr)
        self.assertIn(f"--data_dir {restored}: held by another docpipe process",
                      held.stderr)
        # The stream resumes at the next revision.
        first = sorted(os.listdir(SEED))[0]
        doc = json.loads(check(docpipe("show", "--server", server.address, "--json",
                                       first)).stdout)
        check(docpipe("correct", "--server", server.address, first, "--delete",
                      doc["annotations"]["annotations"][0]["id"]))
        event = json.loads(check(docpipe(
            "watch", "--server", server.address, "--from", str(rev + 1),
            "--max_events", "1", "--json")).stdout)
        self.assertEqual(int(event["revision"]), rev + 1)
        return server

    def test_backup_of_a_running_server_restores_every_version(self):
        server = self.serve(self.data)
        self.feed_and_correct(server.address)
        before = snapshot(server.address)
        out = check(docpipe("backup", "--server", server.address, "--verify",
                            "--json", self.backups))
        backup = json.loads(out.stdout)
        self.assertEqual(backup["revision"], before[0]["current_revision"])
        self.assertTrue(backup["verified"])
        # Written after the backup: not restored.
        more = sorted(os.listdir(SEED))[1]
        doc = json.loads(check(docpipe("show", "--server", server.address, "--json",
                                       more)).stdout)
        check(docpipe("correct", "--server", server.address, more, "--delete",
                      doc["annotations"]["annotations"][0]["id"]))
        second = json.loads(check(docpipe("backup", "--server", server.address,
                                          "--keep", "1", "--json",
                                          self.backups)).stdout)
        self.assertEqual(second["kept_ids"], [second["backup_id"]])
        server.kill9()
        # --keep 1 deleted the first backup; the second one has the extra commit.
        missing = docpipe("restore", "--from", self.backups, "--backup_id",
                          str(backup["backup_id"]), "--data_dir",
                          os.path.join(self.tmp, "nope"))
        self.assertEqual(missing.returncode, 1)
        self.assertIn("--backup_id: no backup", missing.stderr)
        after_second = self.serve(self.data)
        expected = snapshot(after_second.address)
        after_second.stop()
        self.restore_and_compare(expected)

    def test_a_server_killed_mid_backup_leaves_backups_usable(self):
        go = os.path.join(self.tmp, "go")  # never created: the backup waits
        server = self.serve(self.data, {"DOCPIPE_TEST_BACKUP_PAUSE_FILE": go})
        self.feed_and_correct(server.address)
        before = snapshot(server.address)
        backup = subprocess.Popen(
            [DOCPIPE, "backup", "--server", server.address, self.backups],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            self.wait_for_line(server, b"backup paused")
            server.kill9()
            _, err = backup.communicate(timeout=60)
        finally:
            if backup.poll() is None:
                backup.kill()
                backup.wait()
        self.assertNotEqual(backup.returncode, 0)
        self.assertIn("UNAVAILABLE", err)
        # The interrupted backup is no backup: nothing to restore from yet.
        nothing = docpipe("restore", "--from", self.backups, "--data_dir",
                          os.path.join(self.tmp, "nothing"))
        self.assertEqual(nothing.returncode, 1, nothing.stderr)
        # The store restarts, and a new backup into the same directory works.
        again = self.serve(self.data)
        now = snapshot(again.address)
        self.assertEqual(now[0]["current_revision"], before[0]["current_revision"])
        self.assertEqual(now[1:], before[1:])
        check(docpipe("backup", "--server", again.address, self.backups))
        again.stop()
        self.restore_and_compare(before)

    def wait_for_line(self, server, text, timeout=60):
        fd = server.proc.stdout.fileno()
        buf = b""
        while text not in buf:
            ready, _, _ = select.select([fd], [], [], timeout)
            self.assertTrue(ready, f"no {text!r} from the server in {timeout}s")
            chunk = os.read(fd, 4096)
            self.assertTrue(chunk, f"server exited before {text!r}")
            buf += chunk


if __name__ == "__main__":
    unittest.main(verbosity=2)
