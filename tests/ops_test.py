#!/usr/bin/python3
"""Operational safety with real processes: a second server on a port or a
data directory already in use exits at once with exit code 4 and says why,
and the first one keeps serving."""
import os
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


if __name__ == "__main__":
    unittest.main(verbosity=2)
