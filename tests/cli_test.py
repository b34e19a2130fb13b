#!/usr/bin/env python3
"""End to end through the `docpipe` CLI against `docpipe serve` (the embedded
default): feed, show --json, ls, watch, a SIGTERM shutdown, clients stopped
by SIGINT/SIGTERM, per-command usage and exit codes, and the offline
annotate (its output must pass the shared gold checker) and eval commands.
"""
import json
import os
import re
import select
import shutil
import signal
import subprocess
import time
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import procs  # noqa: E402

SEED = os.path.join(procs.SHARED, "corpus", "seed")
GOLD = os.path.join(procs.SHARED, "gold", "seed.jsonl")
GOLD_TOOL = os.path.join(procs.SHARED, "tools", "gold.py")
DOCPIPE = os.path.join(procs.BIN, "docpipe")


def run(*args, timeout=120, **kw):
    return subprocess.run([DOCPIPE, *args], capture_output=True, text=True,
                          timeout=timeout, **kw)


class Lines:
    """Reads a running process's stdout line by line with deadlines."""

    def __init__(self, proc):
        self.proc, self.buf = proc, b""

    def wait_for(self, pattern, timeout=60):
        """The first complete line matching `pattern` (a regex)."""
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while True:
            while b"\n" in self.buf:
                line, self.buf = self.buf.split(b"\n", 1)
                if re.search(pattern, line.decode()):
                    return line.decode()
            left = deadline - time.monotonic()
            ready, _, _ = select.select([fd], [], [], max(left, 0))
            if not ready:
                raise AssertionError(f"no line matching {pattern!r} within {timeout}s")
            chunk = os.read(fd, 65536)
            if not chunk:
                raise AssertionError(f"stdout closed before {pattern!r}; rc={self.proc.wait()}")
            self.buf += chunk


def start(*args, **kw):
    return subprocess.Popen([DOCPIPE, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, **kw)


def reap(proc):
    """Kills `proc` if it still runs and closes its pipes."""
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=30)
    for pipe in (proc.stdin, proc.stdout, proc.stderr):
        if pipe is not None:
            pipe.close()


class ServeCase(unittest.TestCase):
    """A `docpipe serve` on a free loopback port with a fresh store, started
    with SERVE_FLAGS, for each test."""
    SERVE_FLAGS = []

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="docpipe-cli-")
        self.server = procs.Server("docpipe", [
            "serve", "--listen", "127.0.0.1:0", *self.SERVE_FLAGS,
            "--data_dir", os.path.join(self.tmp, "store")])

    def tearDown(self):
        if self.server.proc.poll() is None:
            self.server.proc.kill()
            self.server.proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)


class ServeAndCli(ServeCase):

    def test_stats_reports_documents_and_revisions(self):
        addr = self.server.address
        first = sorted(os.listdir(SEED))[0]
        fed = run("feed", "--server", addr, os.path.join(SEED, first))
        self.assertEqual(fed.returncode, 0, fed.stderr)
        out = run("stats", "--server", addr, "--json")
        self.assertEqual(out.returncode, 0, out.stderr)
        stats = json.loads(out.stdout)
        self.assertEqual(stats["document_count"], 1)
        self.assertEqual(stats["current_revision"], 2)  # added + annotated
        self.assertEqual(stats["oldest_revision"], 1)
        self.assertGreater(stats["wal_bytes"], 0)
        self.assertGreaterEqual(stats["total_sst_bytes"], stats["live_sst_bytes"])
        text = run("stats", "--server", addr)
        self.assertEqual(text.returncode, 0, text.stderr)
        self.assertRegex(text.stdout, r"^documents 1, revision 2 \(oldest kept 1\)")

    def test_claims_of_the_stored_articles_match_the_offline_ones(self):
        addr = self.server.address
        fed = run("feed", "--server", addr, SEED)
        self.assertEqual(fed.returncode, 0, fed.stderr)
        stored = run("claims", "--server", addr, "--json")
        self.assertEqual(stored.returncode, 0, stored.stderr)
        groups = {g["key"]: g for g in map(json.loads, stored.stdout.splitlines())}
        sent = groups["count:soldier/send/"]
        self.assertTrue(sent["disagree"])
        figures = {c["text"] for c in sent["claims"]}
        self.assertTrue({"approximately 15,000", "around 12,000",
                         "at least 10,000", "about 8,000"} <= figures, figures)
        self.assertNotIn("around 2,000", figures)
        files = [os.path.join(SEED, f) for f in sorted(os.listdir(SEED))]
        offline = run("claims", "--json", *files)
        self.assertEqual(offline.returncode, 0, offline.stderr)
        keys = {json.loads(line)["key"] for line in offline.stdout.splitlines()}
        self.assertEqual(keys, set(groups))
        # Filtered on the server: the soldiers' group alone.
        only = run("claims", "--server", addr, "--json", "--disagree",
                   "--measure", "count:soldier/send")
        self.assertEqual(only.returncode, 0, only.stderr)
        self.assertEqual([json.loads(l)["key"] for l in only.stdout.splitlines()],
                         ["count:soldier/send/"])
        # The change stream names the claim groups each commit touched.
        watched = run("watch", "--server", addr, "--from", "1", "--json",
                      "--claims", "count:soldier/send", "--max_events", "1")
        self.assertEqual(watched.returncode, 0, watched.stderr)
        event = json.loads(watched.stdout)
        self.assertEqual(event["kind"], "CHANGE_KIND_ANNOTATED")
        self.assertIn("count:soldier/send/", event["claim_groups"])

    def test_feed_show_watch_and_clean_shutdown(self):
        addr = self.server.address
        n = len(os.listdir(SEED))
        out = run("feed", "--server", addr, SEED)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn(f"{n} new", out.stderr + out.stdout)

        again = run("feed", "--server", addr, SEED)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn(f"{n} duplicate", again.stderr + again.stdout)

        first = sorted(os.listdir(SEED))[0]
        shown = run("show", "--server", addr, "--json", first)
        self.assertEqual(shown.returncode, 0, shown.stderr)
        doc = json.loads(shown.stdout)
        with open(os.path.join(SEED, first), encoding="utf-8") as f:
            self.assertEqual(doc["document"]["text"], f.read())
        self.assertGreater(len(doc["annotations"]["annotations"]), 0)

        # Cross-document linking through the store: the same person spelt
        # two ways in two articles ends up under one id, with evidence.
        people = {}
        for name in sorted(os.listdir(SEED)):
            shown = json.loads(run("show", "--server", addr, "--json", name).stdout)
            text = shown["document"]["text"].encode("utf-8")
            for a in shown["annotations"]["annotations"]:
                if "entity" in a:
                    span = text[a["span"].get("begin", 0):a["span"]["end"]].decode("utf-8")
                    people.setdefault(span, []).append(a["entity"])
        self.assertIn("Elena Huseynova", people)
        self.assertIn("Olena Guseinova", people)
        ids = {e["entity_id"] for e in people["Elena Huseynova"] + people["Olena Guseinova"]}
        self.assertEqual(len(ids), 1, ids)
        self.assertTrue(any("store: key" in e.get("evidence", "")
                            for e in people["Olena Guseinova"] + people["Elena Huseynova"]))

        # Attributions read source -> cue -> content in show's legend.
        herald = [n for n in sorted(os.listdir(SEED)) if n.startswith("003_")][0]
        legend = run("show", "--server", addr, herald)
        self.assertEqual(legend.returncode, 0, legend.stderr)
        # The source entity follows the store's linking: the id is derived
        # from the spelling-insensitive link key, whichever article was
        # stored first.
        wi = people["Wi Song Lak"][0]["entity_id"]
        self.assertEqual(wi, "person:vasanlak")
        self.assertEqual({e["entity_id"] for e in people["Wi Song Lak"] + people["Wi Son Lak"]}, {wi})
        self.assertRegex(legend.stdout,
                         r'"former South Korean ambassador to Russia Wi Song Lak" <' + wi + r'> → '
                         r'claims → "such an agreement is beneficial for the DPRK"')
        self.assertIn('"Wi Son Lak" <' + wi + '> → added', legend.stdout)
        self.assertRegex(legend.stdout, r'\(implicit\) <[a-z_]+> → it is assumed → "North Korea intends')

        missing = run("show", "--server", addr, "no-such-article.txt")
        self.assertNotEqual(missing.returncode, 0)
        self.assertIn("NOT_FOUND", missing.stderr)

        watched = run("watch", "--server", addr, "--from", "1", "--json",
                      "--max_events", str(2 * n))
        self.assertEqual(watched.returncode, 0, watched.stderr)
        revs = [int(json.loads(l)["revision"]) for l in watched.stdout.splitlines() if l.strip()]
        self.assertEqual(revs, list(range(1, 2 * n + 1)))

        # A correction through the store API, then history and diff.
        import grpc
        from docpipe.v1 import store_pb2, store_pb2_grpc
        with grpc.insecure_channel(addr) as channel:
            store = store_pb2_grpc.StoreServiceStub(channel)
            doc_id = doc["document"]["doc_id"]
            first_id = doc["annotations"]["annotations"][0]["id"]
            edit = store_pb2.CommitRequest(doc_id=doc_id, expected_version=1,
                                           note="drop a false positive")
            edit.edits.edits.add().delete_id = first_id
            store.Commit(edit, timeout=10, metadata=[("docpipe-user", "ann")])
            with self.assertRaises(grpc.RpcError) as stale:
                store.Commit(edit, timeout=10)
            self.assertEqual(stale.exception.code(), grpc.StatusCode.ABORTED)
        history = run("history", "--server", addr, first)
        self.assertEqual(history.returncode, 0, history.stderr)
        self.assertIn("head version 2", history.stdout)
        self.assertIn("CORRECTED", history.stdout)
        self.assertIn("drop a false positive", history.stdout)
        diff = run("diff", "--server", addr, first, "1", "2")
        self.assertEqual(diff.returncode, 0, diff.stderr)
        self.assertIn("0 added, 1 removed, 0 changed", diff.stdout)

        self.assertEqual(self.server.stop(), 0)  # SIGTERM: clean exit

    def test_correct_then_reannotate_carries_edits_and_reports_conflicts(self):
        import grpc
        from docpipe.v1 import store_pb2, store_pb2_grpc
        addr = self.server.address
        first = sorted(os.listdir(SEED))[0]
        self.assertEqual(run("feed", "--server", addr, os.path.join(SEED, first)).returncode, 0)
        doc = json.loads(run("show", "--server", addr, "--json", first).stdout)
        doc_id, text = doc["document"]["doc_id"], doc["document"]["text"]
        raw = text.encode("utf-8")
        nums = [a for a in doc["annotations"]["annotations"] if "number" in a]
        self.assertGreaterEqual(len(nums), 3)
        gone, changed, edited_out = nums[0], nums[1], nums[2]

        # v2: a "machine" set with one annotation the real annotator never
        # makes (on the first word), so re-annotation has a conflict to find.
        word_end = raw.index(b" ")
        with grpc.insecure_channel(addr) as channel:
            store = store_pb2_grpc.StoreServiceStub(channel)
            head = store.GetAnnotations(store_pb2.GetAnnotationsRequest(doc_id=doc_id), timeout=10)
            full = store_pb2.CommitRequest(doc_id=doc_id, expected_version=1, note="older annotator")
            full.full_set.annotator_version = "docpipe/0.0"
            full.full_set.annotations.extend(head.annotations)
            fake = full.full_set.annotations.add()
            fake.span.begin, fake.span.end = 0, word_end
            fake.number.kind = 1
            fake.number.value = 1
            r = store.Commit(full, timeout=10)
            self.assertEqual(r.version, 2)
            fake_id = [i for i in r.added_ids][0] if r.added_ids else None
            head = store.GetAnnotations(store_pb2.GetAnnotationsRequest(doc_id=doc_id), timeout=10)
            fake_id = next(a.id for a in head.annotations if a.span.begin == 0 and a.HasField("number"))

        # v3: a script's correction: delete one, change one, add an entity.
        out = run("correct", "--server", addr, first, "--delete", gone["id"],
                  "--set", changed["id"], "value=42", "approx=about",
                  "--add", "entity", "0", str(word_end), "type=gpe", "entity_id=test-place",
                  "--note", "script fix", "--json")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(json.loads(out.stdout)["version"], 3)
        # v4: through $EDITOR (a script that deletes one line of the file).
        editor = os.path.join(self.tmp, "editor.sh")
        with open(editor, "w") as f:
            f.write(f"#!/bin/sh\nsed -i '/^{edited_out['id']} /d' \"$1\"\n")
        os.chmod(editor, 0o755)
        out = run("correct", "--server", addr, first, "--yes",
                  env={**os.environ, "EDITOR": editor, "VISUAL": ""})
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("committed version 4", out.stdout)
        # v5: a person fixes the annotation only the old annotator made.
        out = run("correct", "--server", addr, first, "--set", fake_id, "value=2")
        self.assertEqual(out.returncode, 0, out.stderr)
        # Bad edits name what is wrong and write nothing.
        bad = run("correct", "--server", addr, first, "--set", "n999", "value=1")
        self.assertNotEqual(bad.returncode, 0)
        self.assertIn("n999", bad.stderr)
        bad = run("correct", "--server", addr, first, "--add", "entity", "0", "999999")
        self.assertNotEqual(bad.returncode, 0)
        self.assertIn("INVALID_ARGUMENT", bad.stderr)

        out = run("reannotate", "--server", addr, first, "--json")
        self.assertEqual(out.returncode, 0, out.stderr)
        res = json.loads(out.stdout)
        self.assertEqual(res["machine_version"], 6)
        self.assertEqual(res["carried_version"], 7)
        self.assertEqual(len(res["conflicts"]), 1, res)
        self.assertIn(fake_id, res["conflicts"][0])
        self.assertEqual(res["carried"], 4)  # delete, set, add, editor delete

        final = json.loads(run("show", "--server", addr, "--json", first).stdout)
        spans = {(a["span"].get("begin", 0), a["span"]["end"]): a
                 for a in final["annotations"]["annotations"]}
        key = lambda a: (a["span"].get("begin", 0), a["span"]["end"])
        self.assertNotIn(key(gone), spans)
        self.assertNotIn(key(edited_out), spans)
        self.assertEqual(spans[key(changed)]["number"]["value"], 42)
        self.assertEqual(spans[(0, word_end)]["entity"], {"type": "ENTITY_TYPE_GPE", "entity_id": "test-place"})

        # Up to date now; history keeps machine output and corrections apart.
        again = run("reannotate", "--server", addr, first, "--json")
        self.assertEqual(json.loads(again.stdout)["status"], "up to date")
        history = run("history", "--server", addr, first).stdout
        self.assertIn("re-annotation by", history)
        self.assertIn("corrections carried from versions 3..5", history)


    def test_ls_lists_every_document_with_head_author_and_counts(self):
        addr = self.server.address
        names = sorted(os.listdir(SEED))
        self.assertEqual(run("feed", "--server", addr, SEED).returncode, 0)
        out = run("ls", "--server", addr, "--json")
        self.assertEqual(out.returncode, 0, out.stderr)
        rows = [json.loads(l) for l in out.stdout.splitlines()]
        self.assertEqual(sorted(r["external_id"] for r in rows), names)
        self.assertEqual([r["doc_id"] for r in rows], sorted(r["doc_id"] for r in rows))
        user = os.environ.get("USER") or "local"
        for r in rows:
            self.assertEqual((r["head_version"], r["author"]), (1, user), r)
            shown = json.loads(run("show", "--server", addr, "--json", r["doc_id"]).stdout)
            anns = shown["annotations"]["annotations"]
            for layer, key in (("numbers", "number"), ("entities", "entity"),
                               ("attributions", "attribution")):
                self.assertEqual(r[layer], sum(key in a for a in anns), (r, layer))
        self.assertGreater(sum(r["numbers"] for r in rows), 0)

        # Text: a header and one row per document; --limit and --after page.
        text = run("list", "--server", addr)
        self.assertEqual(text.returncode, 0, text.stderr)
        lines = text.stdout.splitlines()
        self.assertTrue(lines[0].startswith("EXTERNAL_ID"))
        self.assertEqual(len(lines), 1 + len(names))
        self.assertIn(rows[0]["doc_id"], lines[1])
        first = run("ls", "--server", addr, "--json", "--limit", "2")
        self.assertEqual([json.loads(l) for l in first.stdout.splitlines()], rows[:2])
        rest = run("ls", "--server", addr, "--json", "--after", rows[1]["doc_id"])
        self.assertEqual([json.loads(l) for l in rest.stdout.splitlines()], rows[2:])

    def check_external_ids_stay_apart_across_directories(self, *feeder):
        """Ids are relative to the arguments' common ancestor: two directories
        that each hold 001.txt give two documents; one directory alone gives
        ids relative to it."""
        root = os.path.join(self.tmp, "corpus")
        for sub, text in (("business", "Shares in Acme rose 4% on Monday."),
                          ("tech", "A new phone went on sale in Seoul."),
                          ("tech/deep", "Engineers said the chip uses 3 watts.")):
            os.makedirs(os.path.join(root, sub))
            with open(os.path.join(root, sub, "001.txt"), "w") as f:
                f.write(text + "\n")
        for args in ([os.path.join(root, "business"), os.path.join(root, "tech") + "/"],
                     [os.path.join(root, "tech", "deep")]):
            out = subprocess.run([*feeder, "--server", self.server.address, *args],
                                 capture_output=True, text=True, timeout=60)
            self.assertEqual(out.returncode, 0, out.stderr)
        rows = [json.loads(l) for l in
                run("ls", "--server", self.server.address, "--json").stdout.splitlines()]
        self.assertEqual(sorted(r["external_id"] for r in rows),
                         ["001.txt", "business/001.txt", "tech/001.txt", "tech/deep/001.txt"])

    def test_external_ids_stay_apart_across_directories(self):
        self.check_external_ids_stay_apart_across_directories(DOCPIPE, "feed")

    def test_external_ids_stay_apart_across_directories_feed_py(self):
        self.check_external_ids_stay_apart_across_directories(
            sys.executable, os.path.join(os.path.dirname(__file__), "..", "clients",
                                         "python", "feed.py"))

    def test_watch_ends_at_once_on_sigint_and_sigterm(self):
        addr = self.server.address
        self.assertEqual(run("feed", "--server", addr, SEED).returncode, 0)
        for sig, code in ((signal.SIGTERM, 143), (signal.SIGINT, 130)):
            watch = start("watch", "--server", addr, "--from", "1", "--json")
            try:
                Lines(watch).wait_for(r'"revision"')
                watch.send_signal(sig)
                rc = watch.wait(timeout=10)
                out, err = watch.communicate(timeout=10)
            finally:
                reap(watch)
            self.assertEqual(rc, code, err)
            self.assertEqual(err, b"")
            # What is left unread is whole lines of complete JSON events.
            for line in out.decode().splitlines():
                json.loads(line)
            self.assertTrue(out == b"" or out.endswith(b"\n"), out[-200:])

    def test_feed_from_an_open_pipe_stops_on_sigterm_and_reports(self):
        addr = self.server.address
        watch = start("watch", "--server", addr, "--from", "1", "--json")
        feed = start("feed", "--server", addr, "-", stdin=subprocess.PIPE)
        try:
            with open(os.path.join(SEED, sorted(os.listdir(SEED))[0]), encoding="utf-8") as f:
                doc = {"external_id": "piped.txt", "text": f.read()}
            feed.stdin.write((json.dumps(doc) + "\n").encode())
            feed.stdin.flush()  # and the pipe stays open
            Lines(watch).wait_for(r'CHANGE_KIND_ANNOTATED')
            feed.send_signal(signal.SIGTERM)
            rc = feed.wait(timeout=10)
            out, err = feed.communicate(timeout=10)
        finally:
            reap(feed)
            reap(watch)
        self.assertEqual(rc, 143, err)
        m = re.search(r"interrupted by SIGTERM: (\d+) articles acknowledged, (\d+) sent without",
                      err.decode())
        self.assertIsNotNone(m, err)
        # The stored article was sent; its answer may still have been on the
        # wire when the signal came.
        self.assertEqual(int(m.group(1)) + int(m.group(2)), 1, err)
        self.assertRegex(out.decode(), r"^fed \d+ articles")

    def test_correct_without_a_terminal_says_why_and_commits_nothing(self):
        addr = self.server.address
        first = sorted(os.listdir(SEED))[0]
        self.assertEqual(run("feed", "--server", addr, os.path.join(SEED, first)).returncode, 0)
        editor = os.path.join(self.tmp, "editor.sh")
        with open(editor, "w") as f:
            f.write("#!/bin/sh\nsed -i '0,/^[nea][0-9]/{//d}' \"$1\"\n")  # one line
        os.chmod(editor, 0o755)
        out = run("correct", "--server", addr, first, stdin=subprocess.DEVNULL,
                  env={**os.environ, "EDITOR": editor, "VISUAL": ""})
        self.assertEqual(out.returncode, 1, out.stderr)
        self.assertIn("Edits against version 1", out.stderr)
        self.assertIn("docpipe correct: not a terminal, nothing committed; pass --yes", out.stderr)
        self.assertIn("head version 1", run("history", "--server", addr, first).stdout)


class ServeWithRetention(ServeCase):
    """`docpipe serve --retention_revisions N` keeps the last N changes."""
    SERVE_FLAGS = ["--retention_revisions", "4"]

    def test_the_change_log_keeps_the_last_n_revisions(self):
        addr = self.server.address
        fed = run("feed", "--server", addr, SEED)
        self.assertEqual(fed.returncode, 0, fed.stderr)
        out = run("stats", "--server", addr, "--json")
        self.assertEqual(out.returncode, 0, out.stderr)
        stats = json.loads(out.stdout)
        n = len(os.listdir(SEED))
        self.assertEqual(stats["current_revision"], 2 * n)  # added + annotated
        self.assertEqual(stats["oldest_revision"], 2 * n - 3)


class Usage(unittest.TestCase):
    """Usage texts and exit codes; no server needed."""

    def test_help_for_every_command_on_stdout(self):
        for cmd in ("serve", "annotate", "eval", "feed", "ls", "list", "show", "watch",
                    "history", "diff", "correct", "reannotate", "bench", "train", "convert"):
            for flag in ("--help", "-h"):
                out = run(cmd, flag)
                self.assertEqual(out.returncode, 0, (cmd, out.stderr))
                self.assertEqual(out.stderr, "")
                self.assertRegex(out.stdout, r"^usage: docpipe " + ("ls" if cmd == "list" else cmd))
        out = run("correct", "--help")
        self.assertIn("--yes (default: false)", out.stdout)
        self.assertIn("--note", out.stdout)
        self.assertNotIn("--listen", out.stdout)
        for args in (["--help"], ["help"]):
            out = run(*args)
            self.assertEqual(out.returncode, 0)
            self.assertIn("exit codes", out.stdout)
            self.assertIn("reannotate", out.stdout)
        self.assertIn("usage: docpipe diff", run("help", "diff").stdout)

    def test_usage_errors_exit_2_with_the_command_usage_line(self):
        cases = [
            (["show", "--bogus", "x"], "unknown flag --bogus"),
            (["show", "--yes", "x"], "flag --yes does not apply to docpipe show"),
            (["show"], "missing argument"),
            (["diff", "d", "one", "2"], "versions A and B must be numbers"),
            (["watch", "--from", "soon"], "flag --from"),
            (["train", "cats"], "unknown model 'cats'"),
            (["ls", "--delete", "x"], "belong to docpipe correct"),
        ]
        for args, message in cases:
            out = run(*args)
            self.assertEqual(out.returncode, 2, (args, out.stderr))
            self.assertEqual(out.stdout, "")
            self.assertIn(message, out.stderr)
            self.assertIn("usage: docpipe " + args[0], out.stderr)
        for args in (["frobnicate"], []):
            out = run(*args)
            self.assertEqual(out.returncode, 2)
            self.assertIn("usage: docpipe COMMAND", out.stderr)


class SecureServe(unittest.TestCase):
    """docpipe serve with --token_file and TLS: roles enforced end to end."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="docpipe-tls-")
        self.cert = os.path.join(self.tmp, "cert.pem")
        self.key = os.path.join(self.tmp, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-keyout", self.key, "-out", self.cert, "-days", "1",
                        "-subj", "/CN=localhost",
                        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                       check=True, capture_output=True, timeout=60)
        tokens = os.path.join(self.tmp, "tokens")
        with open(tokens, "w") as f:
            f.write("r-tok rita reader\nf-tok fred feeder\na-tok anna annotator\n")
        self.server = procs.Server("docpipe", [
            "serve", "--listen", "127.0.0.1:0", "--data_dir", os.path.join(self.tmp, "store"),
            "--token_file", tokens, "--tls_cert", self.cert, "--tls_key", self.key])

    def tearDown(self):
        if self.server.proc.poll() is None:
            self.server.proc.kill()
            self.server.proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_tokens_and_roles_over_tls(self):
        addr = self.server.address
        first = sorted(os.listdir(SEED))[0]
        path = os.path.join(SEED, first)
        tls = ["--server", addr, "--tls_ca", self.cert]
        # No token, or a reader's: refused, nothing stored.
        out = run("feed", *tls, path)
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("UNAUTHENTICATED", out.stderr + out.stdout)
        out = run("feed", *tls, "--token", "r-tok", path)
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("PERMISSION_DENIED", out.stderr + out.stdout)
        out = run("show", *tls, "--token", "r-tok", first)
        self.assertIn("NOT_FOUND", out.stderr)
        # Plaintext to a TLS server fails.
        out = run("show", "--server", addr, "--token", "r-tok", first, "--timeout", "3s")
        self.assertNotEqual(out.returncode, 0)

        out = run("feed", *tls, "--token", "f-tok", path)
        self.assertEqual(out.returncode, 0, out.stderr)
        shown = run("show", *tls, "--json", first, env={**os.environ, "DOCPIPE_TOKEN": "r-tok"})
        self.assertEqual(shown.returncode, 0, shown.stderr)
        doc = json.loads(shown.stdout)
        self.assertEqual(doc["annotations"]["author"], "fred")
        ann = doc["annotations"]["annotations"][0]["id"]
        out = run("correct", *tls, "--token", "f-tok", first, "--delete", ann)
        self.assertIn("PERMISSION_DENIED", out.stderr)
        out = run("correct", *tls, "--token", "a-tok", first, "--delete", ann, "--json")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(json.loads(out.stdout)["version"], 2)
        # The Python feed speaks the same.
        feed = os.path.join(os.path.dirname(__file__), "..", "clients", "python", "feed.py")
        out = subprocess.run([sys.executable, feed, "--server", addr, "--tls_ca", self.cert,
                              "--token", "f-tok", path], capture_output=True, text=True,
                             timeout=120, env={**os.environ, "DOCPIPE_PY_STUBS": procs.STUBS})
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(json.loads(out.stdout.splitlines()[0])["outcome"], "duplicate")


class LoopbackOnlyWithoutTokens(unittest.TestCase):
    """Without --token_file, a server listening on every interface still
    serves only loopback peers."""

    def test_non_loopback_peer_is_refused(self):
        import socket
        try:
            probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            probe.connect(("192.0.2.1", 9))  # no packet is sent
            ip = probe.getsockname()[0]
            probe.close()
        except OSError:
            ip = "127.0.0.1"
        if ip.startswith("127."):
            self.skipTest("this machine has no non-loopback IPv4 address")
        tmp = tempfile.mkdtemp(prefix="docpipe-lo-")
        server = procs.Server("docpipe", ["serve", "--listen", "0.0.0.0:0",
                                          "--data_dir", os.path.join(tmp, "store")])
        try:
            port = server.port
            far = run("show", "--server", f"{ip}:{port}", "x.txt")
            self.assertIn("UNAUTHENTICATED", far.stderr)
            self.assertIn("loopback", far.stderr)
            near = run("show", "--server", f"127.0.0.1:{port}", "x.txt")
            self.assertIn("NOT_FOUND", near.stderr)
        finally:
            server.proc.kill()
            server.proc.wait()
            shutil.rmtree(tmp, ignore_errors=True)


class OfflineCli(unittest.TestCase):
    def test_annotate_output_passes_the_gold_checker(self):
        files = [os.path.join(SEED, f) for f in sorted(os.listdir(SEED))]
        out = run("annotate", *files)
        self.assertEqual(out.returncode, 0, out.stderr)
        lines = [json.loads(l) for l in out.stdout.splitlines()]
        self.assertEqual([l["doc"] for l in lines], sorted(os.listdir(SEED)))
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
            f.write(out.stdout)
        try:
            check = subprocess.run([sys.executable, GOLD_TOOL, "check", f.name, SEED],
                                   capture_output=True, text=True, timeout=60)
            self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        finally:
            os.unlink(f.name)

    def test_eval_scores_every_layer(self):
        out = run("eval", "--gold", GOLD, "--docs", SEED, "--json")
        self.assertEqual(out.returncode, 0, out.stderr)
        report = json.loads(out.stdout)
        self.assertIn("numbers", json.dumps(report))

    def test_annotate_reports_unreadable_file(self):
        out = run("annotate", "/nonexistent/file.txt")
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("/nonexistent/file.txt", out.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
