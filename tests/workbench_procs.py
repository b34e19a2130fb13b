"""Starting a real `docpipe serve` with its workbench for the workbench tests."""
import json
import os
import re
import select
import subprocess
import time
import urllib.request

import procs


class Serve:
    """`docpipe serve` on free ports; grpc and url known once it started."""

    def __init__(self, data_dir, args=()):
        self.proc = subprocess.Popen(
            [os.path.join(procs.BIN, "docpipe"), "serve", "--listen", "127.0.0.1:0",
             "--data_dir", data_dir, "--sync=false", *args],
            stdout=subprocess.PIPE, stderr=None)
        buf, deadline = b"", time.monotonic() + 60
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], deadline - time.monotonic())
            if not ready:
                break
            chunk = os.read(self.proc.stdout.fileno(), 4096)
            if not chunk:
                raise RuntimeError("docpipe serve exited: rc=%s" % self.proc.wait())
            buf += chunk
            g = re.search(rb"listening on (\S+)", buf)
            w = re.search(rb"workbench on (\S+)", buf)
            if g and w:
                self.grpc, self.url = g.group(1).decode(), w.group(1).decode()
                return
        self.proc.kill()
        raise RuntimeError("docpipe serve did not start")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            return self.proc.wait(timeout=30)
        return self.proc.returncode

    def feed(self, path):
        subprocess.run([os.path.join(procs.BIN, "docpipe"), "feed", "--server", self.grpc, path],
                       check=True, capture_output=True, timeout=120)


def call(url, method="GET", body=None, headers=None):
    """(status, parsed JSON body) of one request; errors are answers too."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read() or b"{}"), r.headers
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}"), e.headers
