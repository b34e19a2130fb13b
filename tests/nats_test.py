#!/usr/bin/python3
"""docpipe on NATS JetStream, with faults, against a real three-node
nats-server cluster started and stopped here (scripts/nats-cluster), one per
test class.

NatsMirror: every revision is in the mirrored change stream once and in
order, and `docpipe watch --nats` prints each once and in order, after
feeding, after kill -9 of one NATS node while feeding and watching, and
after kill -9 and restart of the store while its mirror publishes.

NatsAuth: against one nats-server that asks for a token over TLS, every
NATS client (feed, feed.py, ingest-worker, watch, serve's change mirror
reading a store that asks for tokens over TLS too) is refused without the
token or the CA and works with them.

NatsIngestQueue: articles fed to the work queue and processed by two
ingest workers, one killed with kill -9 mid-batch, then one NATS node
killed with kill -9 and more articles fed, are all stored, each once;
feeding them again stores nothing new. `feed.py --nats` (libnats through
ctypes) publishes what `docpipe feed --nats` publishes, byte for byte (the
same messages and headers in the stream; one feeder's articles are the
other's duplicates), and ingest workers store what it publishes.

Skipped (exit 77) only when nats-server is not installed."""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import procs  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clients", "python"))
import jetstream  # noqa: E402
import natsc  # noqa: E402

DOCPIPE = os.path.join(procs.BIN, "docpipe")
FEEDPY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clients", "python", "feed.py")
SEED = os.path.join(procs.SHARED, "corpus", "seed")
CLUSTER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts", "nats-cluster")
REV = re.compile(r"^rev (\d+) ")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
            return json.load(r).get("status") == "ok"
    except (OSError, ValueError):
        return False


def docs(prefix, n):
    """n small articles as JSON lines of docpipe.v1.Document."""
    return "".join(json.dumps({
        "external_id": f"{prefix}-{i}",
        "text": f"Article {prefix} {i}. The ministry said {i + 3} people "
                f"were hurt and 2.5 million dollars were lost in Paris."}) + "\n"
        for i in range(n))


def article_files(d, prefix, n):
    """n small articles as files in directory d; their external ids."""
    os.makedirs(d)
    for i in range(n):
        with open(os.path.join(d, f"{prefix}-{i}.txt"), "w") as f:
            f.write(f"Article {prefix} {i}. Police said {i + 2} people were "
                    f"hurt and 1.5 million euros were lost in Lyon.")
    return [f"{prefix}-{i}.txt" for i in range(n)]


class Cluster:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="docpipe-nats-test-")
        out = subprocess.run([CLUSTER, "start", self.dir], capture_output=True,
                             text=True, timeout=60)
        if out.returncode != 0:
            raise RuntimeError(f"nats-cluster start: {out.stderr}")
        self.urls = re.search(r"NATS_URLS=(\S+)", out.stdout).group(1)

    def node_pid(self, i):
        with open(os.path.join(self.dir, f"node{i}.pid")) as f:
            return int(f.read())

    def http(self, i):
        with open(os.path.join(self.dir, f"node{i}.http")) as f:
            return int(f.read())

    def kill9(self, i):
        os.kill(self.node_pid(i), signal.SIGKILL)

    def stream_state(self, node):
        """DOCPIPE_CHANGES's state as node `node` holds it."""
        url = f"http://127.0.0.1:{self.http(node)}/jsz?accounts=true&streams=true"
        with urllib.request.urlopen(url, timeout=5) as r:
            jsz = json.load(r)
        for acc in jsz.get("account_details", []):
            for st in acc.get("stream_detail", []):
                if st["name"] == "DOCPIPE_CHANGES":
                    return st["state"]
        return None

    def stop(self):
        subprocess.run([CLUSTER, "stop", self.dir], timeout=30)


def run(*args, stdin=None, timeout=120):
    return subprocess.run([DOCPIPE, *args], input=stdin, capture_output=True,
                          text=True, timeout=timeout)


class ClusterTest(unittest.TestCase):
    """One three-node cluster per test class and a scratch directory per
    test."""

    @classmethod
    def setUpClass(cls):
        cls.cluster = Cluster()

    @classmethod
    def tearDownClass(cls):
        cls.cluster.stop()

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="docpipe-nats-")

    def stats(self, addr, field):
        out = run("stats", "--server", addr, "--json")
        self.assertEqual(out.returncode, 0, out.stderr)
        return int(json.loads(out.stdout).get(field, 0))


class NatsMirror(ClusterTest):
    def setUp(self):
        super().setUp()
        self.data = os.path.join(self.tmp, "store")
        self.server = None

    def tearDown(self):
        if self.server is not None and self.server.proc.poll() is None:
            self.server.proc.kill()
            self.server.proc.wait()
        if self.server is not None:
            self.server.proc.stdout.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def serve(self, listen="127.0.0.1:0"):
        if self.server is not None:
            self.server.proc.stdout.close()
        self.server = procs.Server("docpipe", [
            "serve", "--listen", listen, "--data_dir", self.data,
            "--nats", self.cluster.urls, "--nats_replicas", "3"])
        return self.server.address

    def revision(self, addr):
        return self.stats(addr, "current_revision")

    def watch(self, durable, count):
        return subprocess.Popen(
            [DOCPIPE, "watch", "--nats", self.cluster.urls, "--durable", durable,
             "--max_events", str(count)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def assert_watch_in_order(self, proc, last, first=1):
        """The watcher printed revisions first..last, each once, in order."""
        out, err = proc.communicate(timeout=90)
        self.assertEqual(proc.returncode, 0, err)
        revs = [int(REV.match(l).group(1)) for l in out.splitlines()]
        self.assertEqual(revs, list(range(first, last + 1)), err)

    def assert_stream_once(self, count, nodes=(0, 1, 2)):
        """The stream holds revisions 1..count, one message each: as many
        messages as revisions, sequences 1..count (the watch checked order
        and completeness)."""
        deadline = time.monotonic() + 30
        while True:
            states = [self.cluster.stream_state(n) for n in nodes]
            if all(s is not None and s["messages"] == count for s in states):
                break
            if time.monotonic() > deadline:
                self.fail(f"stream state {states}, want {count} messages")
            time.sleep(0.1)  # replicas apply asynchronously; bounded poll
        for s in states:
            self.assertEqual((s["first_seq"], s["last_seq"]), (1, count))

    # Each test owns the stream: stream names are per cluster, so the tests
    # run in order on one store that keeps growing.
    def test_all_faults(self):
        addr = self.serve()
        # 1. The seed: every revision once, in order.
        fed = run("feed", "--server", addr, SEED)
        self.assertEqual(fed.returncode, 0, fed.stderr)
        r1 = self.revision(addr)
        self.assertEqual(r1, 2 * len(os.listdir(SEED)))
        self.assert_watch_in_order(self.watch("seed", r1), r1)
        self.assert_stream_once(r1)

        # 2. kill -9 one NATS node while feeding and watching.
        watcher = self.watch("node-fault", r1 + 2 * 60)
        fed = run("feed", "--server", addr, "-", stdin=docs("a", 20))
        self.assertEqual(fed.returncode, 0, fed.stderr)
        self.cluster.kill9(0)
        fed = run("feed", "--server", addr, "-", stdin=docs("b", 40))
        self.assertEqual(fed.returncode, 0, fed.stderr)
        r2 = self.revision(addr)
        self.assertEqual(r2, r1 + 2 * 60)
        self.assert_watch_in_order(watcher, r2)
        self.assert_stream_once(r2, nodes=(1, 2))

        # 3. kill -9 the store while its mirror publishes, then restart it.
        batch = os.path.join(self.tmp, "c.jsonl")
        with open(batch, "w") as f:
            f.write(docs("c", 200))
        with open(batch) as f:
            feeder = subprocess.Popen(
                [DOCPIPE, "feed", "--server", addr, "-"], stdin=f,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # Wait until the store has committed some of them, then kill it.
        deadline = time.monotonic() + 60
        while self.revision(addr) < r2 + 20:
            self.assertLess(time.monotonic(), deadline)
        self.server.kill9()
        feeder.communicate(timeout=60)
        addr = self.serve(listen=addr)
        fed = run("feed", "--server", addr, "-", stdin=docs("d", 10))
        self.assertEqual(fed.returncode, 0, fed.stderr)
        r3 = self.revision(addr)
        self.assertGreater(r3, r2 + 20)
        self.assert_watch_in_order(self.watch("restart", r3), r3)
        self.assert_stream_once(r3, nodes=(1, 2))
        # The durable consumer of step 2 resumes where it stopped.
        self.assert_watch_in_order(self.watch("node-fault", r3 - r2), r3,
                                   first=r2 + 1)
        self.assertEqual(self.server.stop(), 0)


class NatsIngestQueue(ClusterTest):
    """Each test starts from no ingest stream (nor consumer, nor dedup
    history). Tests run in name order: the one that kills a NATS node
    (test_worker_...) sorts last, as a three-replica stream can only be
    created with all three nodes up."""

    def setUp(self):
        super().setUp()
        with natsc.Connection(self.cluster.urls) as conn:
            try:
                jetstream.api(conn, "STREAM.DELETE.DOCPIPE_INGEST")
            except jetstream.JetStreamError as e:
                if not e.not_found:
                    raise
        self.server = procs.Server("docpipe", [
            "serve", "--listen", "127.0.0.1:0", "--data_dir",
            os.path.join(self.tmp, "store")])
        self.workers = []

    def tearDown(self):
        for w in self.workers + [self.server.proc]:
            if w.poll() is None:
                w.kill()
            w.wait()
        self.server.proc.stdout.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def worker(self, name):
        log = open(os.path.join(self.tmp, name + ".log"), "w")
        p = subprocess.Popen(
            [DOCPIPE, "ingest-worker", "--nats", self.cluster.urls,
             "--server", self.server.address, "--batch", "8",
             "--ack_wait", "2s"], stdout=log, stderr=log)
        log.close()
        self.workers.append(p)
        return p

    def documents(self):
        return self.stats(self.server.address, "document_count")

    def feed(self, batch):
        return run("feed", "--nats", self.cluster.urls, "--nats_replicas",
                   "3", "-", stdin=batch)

    def feedpy(self, *args, stdin=None):
        """feed.py --nats: (exit code, JSON lines, stderr)."""
        out = subprocess.run(
            [sys.executable, FEEDPY, "--nats", self.cluster.urls,
             "--nats_replicas", "3", *args], input=stdin, capture_output=True,
            text=True, timeout=120,
            env={**os.environ, "DOCPIPE_PY_STUBS": procs.STUBS})
        lines = [json.loads(l) for l in out.stdout.splitlines() if l.strip()]
        return out.returncode, lines, out.stderr

    def stream_messages(self, count):
        """Subject, headers and data of the ingest stream's messages 1..count."""
        out = []
        with natsc.Connection(self.cluster.urls) as conn:
            for seq in range(1, count + 1):
                m = jetstream.api(conn, "STREAM.MSG.GET.DOCPIPE_INGEST",
                                  json.dumps({"seq": seq}).encode())["message"]
                out.append((m["subject"], m.get("hdrs"), m["data"]))
        return out

    def stored_ids(self):
        listed = run("ls", "--server", self.server.address, "--json",
                     "--limit", "1000")
        self.assertEqual(listed.returncode, 0, listed.stderr)
        return sorted(json.loads(l)["external_id"] for l in listed.stdout.splitlines())

    def test_feedpy_publishes_what_docpipe_feed_publishes(self):
        files = os.path.join(self.tmp, "files")
        ids = article_files(files, "f", 20)
        stdin = docs("s", 5) + json.dumps({"text": "No id. 7 people."}) + "\n"
        n = len(ids) + 6
        fed = run("feed", "--nats", self.cluster.urls, "--nats_replicas", "3",
                  files, "-", stdin=stdin)
        self.assertEqual(fed.returncode, 0, fed.stderr)
        self.assertIn(f"{n} new, 0 duplicate, 0 failed", fed.stdout)
        by_docpipe = self.stream_messages(n)
        # docpipe feed's articles are feed.py's duplicates, and back.
        rc, lines, err = self.feedpy(files, "-", stdin=stdin)
        self.assertEqual(rc, 0, err)
        self.assertEqual([l["outcome"] for l in lines], ["duplicate"] * n, err)
        self.assertEqual([l["seq"] for l in lines], list(range(1, n + 1)))
        self.assertIn(f"0 new, {n} duplicate, 0 failed", err)
        self.assertIn("no ingest-worker has connected yet", err)
        # On a fresh stream feed.py publishes the same messages, byte for byte.
        with natsc.Connection(self.cluster.urls) as conn:
            jetstream.api(conn, "STREAM.DELETE.DOCPIPE_INGEST")
        rc, lines, err = self.feedpy(files, "-", stdin=stdin)
        self.assertEqual(rc, 0, err)
        self.assertEqual([l["outcome"] for l in lines], ["queued"] * n, err)
        self.assertEqual([l["external_id"] for l in lines][:len(ids) + 5],
                         sorted(ids) + [f"s-{i}" for i in range(5)])
        self.assertEqual(self.stream_messages(n), by_docpipe)
        fed = run("feed", "--nats", self.cluster.urls, files, "-", stdin=stdin)
        self.assertEqual(fed.returncode, 0, fed.stderr)
        self.assertIn(f"0 new, {n} duplicate, 0 failed", fed.stdout)

    def test_feedpy_queue_stored_by_workers_once(self):
        files = os.path.join(self.tmp, "files")
        ids = article_files(files, "g", 400)
        rc, lines, err = self.feedpy(files)
        self.assertEqual(rc, 0, err)
        self.assertEqual([l["outcome"] for l in lines], ["queued"] * len(ids), err)
        self.assertIn(f"{len(ids)} new, 0 duplicate, 0 failed", err)
        self.assertIn("no ingest-worker has connected yet", err)
        self.worker("w1")
        self.worker("w2")
        # Back-pressure: more articles, published only once no more than 8
        # of the first 400 are left, i.e. after the workers stored 392 (once
        # a worker made the consumer; before, there is no backlog to wait on).
        deadline = time.monotonic() + 60
        with natsc.Connection(self.cluster.urls) as conn:
            while True:
                try:
                    jetstream.consumer_state(conn, "DOCPIPE_INGEST", "docpipe-ingest")
                    break
                except jetstream.JetStreamError as e:
                    self.assertTrue(e.not_found, e)
                    self.assertLess(time.monotonic(), deadline)
                    time.sleep(0.05)  # bounded poll for a worker's consumer
        more = os.path.join(self.tmp, "more")
        ids_more = article_files(more, "h", 10)
        rc, lines, err = self.feedpy("--max_pending", "8", more)
        self.assertEqual(rc, 0, err)
        self.assertEqual([l["outcome"] for l in lines], ["queued"] * len(ids_more), err)
        self.assertGreaterEqual(self.documents(), len(ids) - 8)
        ids += ids_more
        while self.documents() < len(ids):
            self.assertLess(time.monotonic(), deadline, self.documents())
            time.sleep(0.05)  # bounded poll of the store's count
        # Fed again: all dropped by the queue's dedup window; the workers
        # are connected now, so the backlog is a count.
        # (Each directory as it was fed: ids are relative to the arguments.)
        for d, n in ((files, len(ids) - len(ids_more)), (more, len(ids_more))):
            rc, lines, err = self.feedpy(d)
            self.assertEqual(rc, 0, err)
            self.assertEqual([l["outcome"] for l in lines], ["duplicate"] * n, err)
            self.assertIn(f"0 new, {n} duplicate, 0 failed", err)
            self.assertRegex(err, r"; \d+ queued for the workers, \d+ being worked on")
        self.assertEqual(self.stored_ids(), sorted(ids))

    def test_feedpy_unreachable_nats_named(self):
        url = "nats://127.0.0.1:1"  # a privileged port nothing listens on
        out = subprocess.run(
            [sys.executable, FEEDPY, "--nats", url, SEED], capture_output=True,
            text=True, timeout=60,
            env={**os.environ, "DOCPIPE_PY_STUBS": procs.STUBS})
        self.assertEqual(out.returncode, 1, out.stderr)
        self.assertIn(f"feed.py: --nats {url}: nats: connect", out.stderr)
        self.assertEqual(out.stdout, "")

    def test_worker_and_node_killed_lose_and_duplicate_nothing(self):
        n = 120
        fed = self.feed(docs("q", n))
        self.assertEqual(fed.returncode, 0, fed.stderr)
        self.assertIn(f"{n} new, 0 duplicate", fed.stdout)
        self.assertIn("no ingest-worker has connected yet", fed.stdout)
        doomed = self.worker("w1")
        self.worker("w2")
        deadline = time.monotonic() + 60
        while self.documents() < 10:  # the workers are under way
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)  # bounded poll of the store's count
        doomed.send_signal(signal.SIGKILL)
        doomed.wait()
        # One NATS node killed too, and more articles queued meanwhile.
        self.cluster.kill9(0)
        more = 40
        fed = self.feed(docs("r", more))
        self.assertEqual(fed.returncode, 0, fed.stderr)
        self.assertIn(f"{more} new, 0 duplicate", fed.stdout)
        while self.documents() < n + more:
            self.assertLess(time.monotonic(), deadline, self.documents())
            time.sleep(0.05)  # bounded poll of the store's count
        # The same articles again: dropped by the queue's dedup window.
        fed = self.feed(docs("q", n))
        self.assertEqual(fed.returncode, 0, fed.stderr)
        self.assertIn(f"0 new, {n} duplicate", fed.stdout)
        # feed.py too, with node 0 still down.
        rc, lines, err = self.feedpy("-", stdin=docs("r", more))
        self.assertEqual(rc, 0, err)
        self.assertIn(f"0 new, {more} duplicate, 0 failed", err)
        listed = run("ls", "--server", self.server.address, "--json",
                     "--limit", "1000")
        self.assertEqual(listed.returncode, 0, listed.stderr)
        ids = sorted(json.loads(l)["external_id"] for l in listed.stdout.splitlines())
        self.assertEqual(ids, sorted([f"q-{i}" for i in range(n)] +
                                     [f"r-{i}" for i in range(more)]))


class NatsAuth(unittest.TestCase):
    """One nats-server that asks for a token over TLS, and a docpipe serve
    that asks for tokens over TLS too: feed, feed.py, ingest-worker, watch
    and serve's change mirror connect with --nats_token_file and
    --nats_tls_ca, and are refused without them."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="docpipe-nats-auth-")
        j = lambda name: os.path.join(cls.tmp, name)
        cls.cert, cls.key = j("cert.pem"), j("key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-keyout", cls.key, "-out", cls.cert, "-days", "1",
                        "-subj", "/CN=localhost",
                        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                       check=True, capture_output=True, timeout=60)
        cls.nats_token = j("nats-token")
        with open(cls.nats_token, "w") as f:
            f.write("nats-s3cret\n")
        cls.tokens = j("tokens")
        with open(cls.tokens, "w") as f:
            f.write("r-tok rita reader\nf-tok fred feeder\n")
        port, http = free_port(), free_port()
        with open(j("nats.conf"), "w") as f:
            f.write(f"""listen: 127.0.0.1:{port}
http: 127.0.0.1:{http}
authorization {{ token: "nats-s3cret" }}
tls {{ cert_file: "{cls.cert}", key_file: "{cls.key}" }}
jetstream {{ store_dir: "{j('js')}" }}
""")
        cls.log = open(j("nats.log"), "w")
        cls.nats = subprocess.Popen(["nats-server", "-c", j("nats.conf")],
                                    stdout=cls.log, stderr=cls.log)
        deadline = time.monotonic() + 30
        while not healthy(http):
            if cls.nats.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nats-server did not start; see {j('nats.log')}")
            time.sleep(0.05)  # bounded poll for the server's readiness
        cls.url = f"tls://127.0.0.1:{port}"
        cls.auth = ["--nats_token_file", cls.nats_token, "--nats_tls_ca", cls.cert]

    @classmethod
    def tearDownClass(cls):
        cls.nats.terminate()
        cls.nats.wait(timeout=30)
        cls.log.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_every_client_needs_the_clusters_token_and_ca(self):
        files = os.path.join(self.tmp, "files")
        ids = article_files(files, "a", 3)
        # Refused: no token; no CA (the server's certificate is not trusted).
        no_token = run("feed", "--nats", self.url, "--nats_tls_ca", self.cert, files)
        self.assertNotEqual(no_token.returncode, 0)
        self.assertIn("Authorization Violation", no_token.stderr)
        no_ca = run("feed", "--nats", self.url, "--nats_token_file", self.nats_token, files)
        self.assertNotEqual(no_ca.returncode, 0)
        self.assertIn("nats: connect", no_ca.stderr)
        missing = run("feed", "--nats", self.url, "--nats_tls_ca", "/nonexistent", files)
        self.assertNotEqual(missing.returncode, 0, missing.stderr)
        self.assertIn("--nats_tls_ca: /nonexistent", missing.stderr)
        rc = subprocess.run([sys.executable, FEEDPY, "--nats", self.url, "--nats_tls_ca",
                             self.cert, files], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "DOCPIPE_PY_STUBS": procs.STUBS})
        self.assertNotEqual(rc.returncode, 0)
        self.assertIn("Authorization Violation", rc.stderr)

        # A store with tokens over TLS: its mirror needs --token and --tls_ca.
        store = ["serve", "--listen", "127.0.0.1:0", "--data_dir",
                 os.path.join(self.tmp, "store"), "--token_file", self.tokens,
                 "--tls_cert", self.cert, "--tls_key", self.key, "--nats", self.url, *self.auth]
        bare = subprocess.run([DOCPIPE, *store], capture_output=True, text=True, timeout=60)
        self.assertNotEqual(bare.returncode, 0, bare.stderr)
        self.assertIn("give --token", bare.stderr)
        server = procs.Server("docpipe", [*store, "--token", "r-tok", "--tls_ca", self.cert])
        worker = None
        try:
            client = ["--server", server.address, "--tls_ca", self.cert]
            fed = run("feed", "--nats", self.url, *self.auth, files)
            self.assertEqual(fed.returncode, 0, fed.stderr)
            self.assertIn("3 new, 0 duplicate, 0 failed", fed.stdout)
            py = subprocess.run([sys.executable, FEEDPY, "--nats", self.url, *self.auth, "-"],
                                input=docs("p", 2), capture_output=True, text=True,
                                timeout=60, env={**os.environ, "DOCPIPE_PY_STUBS": procs.STUBS})
            self.assertEqual(py.returncode, 0, py.stderr)
            log = open(os.path.join(self.tmp, "worker.log"), "w")
            worker = subprocess.Popen([DOCPIPE, "ingest-worker", "--nats", self.url, *self.auth,
                                       *client, "--token", "f-tok"], stdout=log, stderr=log)
            log.close()
            watch = subprocess.run([DOCPIPE, "watch", "--nats", self.url, *self.auth,
                                    "--durable", "auth", "--max_events", "5"],
                                   capture_output=True, text=True, timeout=90)
            self.assertEqual(watch.returncode, 0, watch.stderr)
            revs = [int(REV.match(l).group(1)) for l in watch.stdout.splitlines()]
            self.assertEqual(revs, [1, 2, 3, 4, 5])
            listed = run("ls", *client, "--token", "r-tok", "--json")
            self.assertEqual(listed.returncode, 0, listed.stderr)
            self.assertEqual(sorted(json.loads(l)["external_id"] for l in listed.stdout.splitlines()),
                             sorted(ids + ["p-0", "p-1"]))
        finally:
            for p in (worker, server.proc):
                if p is not None and p.poll() is None:
                    p.kill()
                if p is not None:
                    p.wait()
            server.proc.stdout.close()


if __name__ == "__main__":
    if shutil.which("nats-server") is None:
        print("SKIPPED: nats-server is not installed (scripts/setup installs it)")
        sys.exit(77)
    unittest.main()
