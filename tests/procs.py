"""Starting docpipe's real binaries for end-to-end tests.

Each server is started with --listen 127.0.0.1:0 (or a fixed port on
restart) and prints "<name> listening on ADDR" once it serves; we read that
line instead of sleeping, so tests never guess at readiness.
"""
import os
import re
import select
import signal
import subprocess
import sys
import time

BIN = os.environ.get("DOCPIPE_BIN_DIR", os.path.join(os.path.dirname(__file__), "..", "build", "bin"))
STUBS = os.environ.get("DOCPIPE_PY_STUBS", os.path.join(os.path.dirname(__file__), "..", "build", "python"))
SHARED = os.environ.get("DOCPIPE_SHARED_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
sys.path.insert(0, STUBS)

LISTENING = re.compile(rb"listening on (\S+)")


class Server:
    """A server process; address is known once it said it is listening."""

    def __init__(self, name, args, startup_timeout=60):
        self.name = name
        self.proc = subprocess.Popen([os.path.join(BIN, name)] + args,
                                     stdout=subprocess.PIPE, stderr=None)
        self.address = self._await_listening(startup_timeout)
        self.port = int(self.address.rsplit(":", 1)[1])

    def _await_listening(self, timeout):
        deadline = time.monotonic() + timeout
        buf = b""
        fd = self.proc.stdout.fileno()
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], deadline - time.monotonic())
            if not ready:
                break
            chunk = os.read(fd, 4096)
            if not chunk:
                raise RuntimeError(f"{self.name} exited before listening: rc={self.proc.wait()}")
            buf += chunk
            m = LISTENING.search(buf)
            if m:
                return m.group(1).decode()
        self.proc.kill()
        raise RuntimeError(f"{self.name} did not report listening within {timeout}s")

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise
        return self.proc.returncode
