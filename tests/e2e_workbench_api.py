#!/usr/bin/env python3
"""The workbench's HTTP API against a real `docpipe serve` process.

Checks: status codes and JSON shapes, UTF-16 offsets both ways on text with
non-ASCII characters (an emoji is two UTF-16 units, four UTF-8 bytes), the
409 of a stale commit with the other edits and a rebase that commits, CSRF
refusal, sign-in with a token (HttpOnly SameSite=Strict cookie, roles per
route, author = the token's identity), and the SSE change stream resuming
after Last-Event-ID; the claims route (FindClaims) over the seed articles,
its filters, paging and a bad parameter named.
"""
import http.client
import os
import shutil
import sys
import tempfile
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import procs  # noqa: E402
from workbench_procs import Serve, call  # noqa: E402

W = {"X-Docpipe-Request": "1"}
TEXT = "\U0001F600 Zoë Müller said 20 soldiers left Kyiv.\n"


class WorkbenchApi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="docpipe-wb-")
        art = os.path.join(cls.tmp, "articles")
        os.makedirs(art)
        with open(os.path.join(art, "emoji.txt"), "w", encoding="utf-8") as f:
            f.write(TEXT)
        cls.serve = Serve(os.path.join(cls.tmp, "store"), ["--http_heartbeat=200ms"])
        cls.serve.feed(art)
        status, body, _ = call(cls.serve.url + "api/v1/documents?q=soldiers")
        assert status == 200, body
        cls.doc = body["documents"][0]["docId"]

    @classmethod
    def tearDownClass(cls):
        cls.serve.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def api(self, path):
        return self.serve.url + "api/v1/" + path

    def head(self):
        status, body, _ = call(self.api(f"documents/{self.doc}/annotations"))
        self.assertEqual(status, 200, body)
        return body

    def test_utf16_offsets_both_ways(self):
        s = self.head()
        units = TEXT.encode("utf-16-le")
        for a in s["annotations"]:
            b, e = a["span"]["begin"], a["span"]["end"]
            if "number" in a:
                self.assertEqual(units[2 * b:2 * e].decode("utf-16-le"), "20")
        # Add "Kyiv" by UTF-16 offsets; the store keeps UTF-8 bytes.
        js = TEXT.encode("utf-16-le").decode("utf-16-le")
        b = len(js[:js.index("Kyiv")].encode("utf-16-le")) // 2
        for a in s["annotations"]:
            if a["span"]["begin"] == b and "entity" in a:
                st, body, _ = call(self.api(f"documents/{self.doc}/commit"), "POST", {
                    "expectedVersion": s["version"], "edits": {"edits": [{"deleteId": a["id"]}]}}, W)
                self.assertEqual(st, 200, body)
                s = self.head()
        st, body, _ = call(self.api(f"documents/{self.doc}/commit"), "POST", {
            "expectedVersion": s["version"], "note": "Kyiv by hand",
            "edits": {"edits": [{"add": {"span": {"begin": b, "end": b + 4},
                                         "entity": {"type": "ENTITY_TYPE_GPE", "entityId": "kyiv"}}}]}}, W)
        self.assertEqual(st, 200, body)
        added = body["addedIds"][0]
        s = self.head()
        got = [a for a in s["annotations"] if a["id"] == added][0]
        self.assertEqual(got["span"], {"begin": b, "end": b + 4})
        self.assertEqual(got["provenance"]["person"], "local")
        # The byte view (gRPC's default) has the UTF-8 offsets.
        sys.path.insert(0, procs.STUBS)
        import grpc
        from docpipe.v1 import store_pb2, store_pb2_grpc
        stub = store_pb2_grpc.StoreServiceStub(grpc.insecure_channel(self.serve.grpc))
        raw = stub.GetAnnotations(store_pb2.GetAnnotationsRequest(doc_id=self.doc), timeout=10)
        bb = [a for a in raw.annotations if a.id == added][0].span
        self.assertEqual(TEXT.encode()[bb.begin:bb.end].decode(), "Kyiv")

    def test_stale_commit_is_409_with_their_edits_and_a_rebase(self):
        s = self.head()
        v = int(s["version"])
        num = [a for a in s["annotations"] if "number" in a][0]
        # Someone else commits first.
        st, body, _ = call(self.api(f"documents/{self.doc}/commit"), "POST", {
            "expectedVersion": str(v), "edits": {"edits": [{"change": {
                "id": num["id"], "annotation": {"number": {"kind": "NUMBER_KIND_CARDINAL", "value": 20,
                                                            "approx": "APPROX_ABOUT"}},
                "updateMask": "number.approx"}}]}}, W)
        self.assertEqual(st, 200, body)
        ent = [a for a in s["annotations"] if "entity" in a][0]
        st, body, _ = call(self.api(f"documents/{self.doc}/commit"), "POST", {
            "expectedVersion": str(v), "edits": {"edits": [{"deleteId": ent["id"]}]}}, W)
        self.assertEqual(st, 409, body)
        self.assertEqual(body["error"]["code"], "ABORTED")
        self.assertIn("stale", body["error"]["message"])
        self.assertEqual(int(body["headVersion"]), v + 1)
        self.assertEqual([c["after"]["id"] for c in body["theirs"]["changed"]], [num["id"]])
        rebase = body["rebase"]
        self.assertEqual(rebase["conflicts"], [])
        st, body, _ = call(self.api(f"documents/{self.doc}/commit"), "POST", {
            "expectedVersion": rebase["baseVersion"], "edits": rebase["edits"]}, W)
        self.assertEqual(st, 200, body)
        self.assertEqual(int(body["version"]), v + 2)

    def test_errors_map_to_http_codes(self):
        st, body, _ = call(self.api("documents/d-0000000000000000"))
        self.assertEqual(st, 404)
        self.assertEqual(body["error"]["code"], "NOT_FOUND")
        st, body, _ = call(self.api(f"documents/{self.doc}/annotations?version=x"))
        self.assertEqual(st, 400)
        self.assertIn("version", body["error"]["message"])
        # A write without the CSRF header is refused, nothing written.
        before = self.head()["version"]
        st, body, _ = call(self.api(f"documents/{self.doc}/commit"), "POST",
                           {"expectedVersion": before, "edits": {"edits": []}})
        self.assertEqual(st, 403)
        self.assertIn("X-Docpipe-Request", body["error"]["message"])
        self.assertEqual(self.head()["version"], before)
        st, body, _ = call(self.api("documents?layer=bogus"))
        self.assertEqual(st, 400)

    def test_filters_entities_and_mentions(self):
        st, body, _ = call(self.api("documents?q=no-such-words"))
        self.assertEqual((st, body["documents"]), (200, []))
        st, body, _ = call(self.api("documents?layer=numbers"))
        self.assertEqual([d["docId"] for d in body["documents"]], [self.doc])
        st, body, _ = call(self.api("entities"))
        self.assertEqual(st, 200, body)
        self.assertTrue(body["entities"], body)
        eid = body["entities"][0]["entityId"]
        st, body, _ = call(self.api("entities/" + urllib.parse.quote(eid) + "/mentions"))
        self.assertEqual(st, 200, body)
        m = body["mentions"][0]
        self.assertEqual(m["docId"], self.doc)
        units = TEXT.encode("utf-16-le")
        self.assertEqual(units[2 * m["span"]["begin"]:2 * m["span"]["end"]].decode("utf-16-le"),
                         m["mention"])

    def sse(self, headers):
        u = urllib.parse.urlparse(self.serve.url)
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        conn.request("GET", "/api/v1/changes", headers=headers)
        return conn, conn.getresponse()

    def read_events(self, resp, n):
        events, cur = [], {}
        while len(events) < n:
            line = resp.fp.readline().decode().rstrip("\n")
            if line == "":
                if "event" in cur:
                    events.append(cur)
                cur = {}
                continue
            k, _, v = line.partition(": ")
            cur[k] = v
        return events

    def test_sse_resumes_after_last_event_id(self):
        conn, resp = self.sse({"Last-Event-ID": "1"})
        self.assertEqual(resp.status, 200)
        self.assertEqual(resp.getheader("Content-Type"), "text/event-stream")
        ev = self.read_events(resp, 1)[0]
        self.assertEqual((ev["event"], ev["id"]), ("change", "2"))
        conn.close()
        # Live: a commit arrives; idle: heartbeats.
        conn, resp = self.sse({})
        s = self.head()
        st, body, _ = call(self.api(f"documents/{self.doc}/commit"), "POST",
                           {"expectedVersion": s["version"], "edits": {"edits": []}}, W)
        self.assertEqual(st, 200, body)
        evs = self.read_events(resp, 2)
        changes = [e for e in evs if e["event"] == "change"]
        self.assertEqual(changes[0]["id"], body["revision"])
        self.assertIn("heartbeat", [e["event"] for e in self.read_events(resp, 2)])
        conn.close()

    def test_stream_limit_is_429(self):
        opened, refused = [], None
        for _ in range(17):
            conn, resp = self.sse({})
            if resp.status == 429:
                refused = resp.read()
                conn.close()
                break
            opened.append(conn)
        for c in opened:
            c.close()
        self.assertLessEqual(len(opened), 16)
        self.assertIsNotNone(refused)
        self.assertIn(b"RESOURCE_EXHAUSTED", refused)

    def test_measure_commit_to_delivery(self):
        """A measurement, not a gate: commit -> SSE delivery against commit
        -> gRPC Subscribe delivery, same commits, same run (printed)."""
        import threading
        import time
        import grpc
        from docpipe.v1 import store_pb2, store_pb2_grpc
        n = 40
        got_sse, got_grpc = {}, {}
        conn, resp = self.sse({})
        stub = store_pb2_grpc.StoreServiceStub(grpc.insecure_channel(self.serve.grpc))
        stream = stub.Subscribe(store_pb2.SubscribeRequest(start_revision=0), timeout=120)

        def read_sse():
            while len(got_sse) < n:
                for e in self.read_events(resp, 1):
                    if e["event"] == "change":
                        got_sse[int(e["id"])] = time.monotonic()

        def read_grpc():
            for r in stream:
                if r.HasField("event"):
                    got_grpc[r.event.revision] = time.monotonic()
                    if len(got_grpc) >= n:
                        return
        threads = [threading.Thread(target=read_sse), threading.Thread(target=read_grpc)]
        for t in threads:
            t.start()
        sent = {}
        for _ in range(n):
            v = self.head()["version"]
            t0 = time.monotonic()
            st, body, _ = call(self.api(f"documents/{self.doc}/commit"), "POST",
                               {"expectedVersion": v, "edits": {"edits": []}}, W)
            self.assertEqual(st, 200, body)
            sent[int(body["revision"])] = t0
        for t in threads:
            t.join(timeout=60)
        stream.cancel()
        conn.close()

        def pct(got):
            ms = sorted((got[r] - t0) * 1000 for r, t0 in sent.items())
            return ms[len(ms) // 2], ms[int(len(ms) * 0.99) - 1 if len(ms) < 100 else int(len(ms) * 0.99)]
        self.assertEqual(set(got_sse), set(sent))
        self.assertEqual(set(got_grpc), set(sent))
        (sp50, sp99), (gp50, gp99) = pct(got_sse), pct(got_grpc)
        print(f"\ncommit->delivery over {n} commits: SSE p50 {sp50:.2f} ms p99 {sp99:.2f} ms; "
              f"gRPC Subscribe p50 {gp50:.2f} ms p99 {gp99:.2f} ms", file=sys.stderr)

    # Holds streams in a process of its own (so that draining them does not
    # take the measuring process's GIL): opens argv[2] SSE streams to the
    # workbench at argv[1], prints their HTTP statuses, drains them counting
    # change events; on a line "N" from stdin waits until every open stream
    # saw N changes (at most 30 s), prints the counts and exits. With
    # argv[3:] = gRPC address, stubs directory, start revision: gRPC
    # Subscribe streams instead, for comparison.
    HOLDER = r"""
import socket, sys, threading, time, urllib.parse
got, cv = [], threading.Condition()
if len(sys.argv) > 3:
    sys.path.insert(0, sys.argv[4])
    import grpc
    from docpipe.v1 import store_pb2, store_pb2_grpc
    stub = store_pb2_grpc.StoreServiceStub(grpc.insecure_channel(sys.argv[3]))
    def follow(i, stream):
        try:
            for r in stream:
                if r.HasField("event"):
                    with cv:
                        got[i] += 1
                        cv.notify_all()
        except grpc.RpcError:
            return
    for i in range(int(sys.argv[2])):
        got.append(0)
        st = stub.Subscribe(store_pb2.SubscribeRequest(start_revision=int(sys.argv[5])), timeout=300)
        threading.Thread(target=follow, args=(i, st), daemon=True).start()
    print("ok", flush=True)
    want = int(sys.stdin.readline())
    with cv:
        cv.wait_for(lambda: all(g >= want for g in got), timeout=30)
        print(*got, flush=True)
    sys.exit(0)
u = urllib.parse.urlparse(sys.argv[1])
socks, statuses = [], []
for _ in range(int(sys.argv[2])):
    s = socket.create_connection((u.hostname, u.port), timeout=60)
    s.sendall(("GET /api/v1/changes HTTP/1.1\r\nHost: %s\r\n\r\n" % u.netloc).encode())
    head = b""
    while b"\r\n" not in head:
        c = s.recv(1)
        if not c:
            break
        head += c
    statuses.append(int(head.split()[1]))
    if statuses[-1] == 200:
        socks.append(s)
    else:
        s.close()
print(*statuses, flush=True)
got, pat = [0] * len(socks), b"event: change"
def drain(i, s):
    tail = b""
    while True:
        try:
            b = s.recv(65536)
        except OSError:
            return
        if not b:
            return
        buf, tail = tail + b, (tail + b)[-(len(pat) - 1):]
        with cv:
            got[i] += buf.count(pat)
            cv.notify_all()
for i, s in enumerate(socks):
    threading.Thread(target=drain, args=(i, s), daemon=True).start()
want = int(sys.stdin.readline())
with cv:
    cv.wait_for(lambda: all(g >= want for g in got), timeout=30)
    print(*got, flush=True)
"""

    def test_measure_sse_streams_and_grpc_latency(self):
        """A measurement, not a gate: gRPC GetAnnotations and Commit
        latency (p50/p99) with no SSE stream open, then with the limit (16)
        held by another process and each commit delivered to all of them,
        then none again; the 17th stream is 429."""
        import subprocess
        import time
        import grpc
        from docpipe.v1 import store_pb2, store_pb2_grpc
        stub = store_pb2_grpc.StoreServiceStub(grpc.insecure_channel(self.serve.grpc))
        reads, commits = 400, 200

        def pct(ms):
            ms = sorted(ms)
            return ms[len(ms) // 2], ms[min(len(ms) - 1, int(len(ms) * 0.99))]

        def run():
            get, com = [], []
            v = stub.GetAnnotations(store_pb2.GetAnnotationsRequest(doc_id=self.doc), timeout=10).version
            for i in range(reads + commits):
                t0 = time.monotonic()
                if i < reads:
                    stub.GetAnnotations(store_pb2.GetAnnotationsRequest(doc_id=self.doc), timeout=10)
                    get.append((time.monotonic() - t0) * 1000)
                else:
                    r = stub.Commit(store_pb2.CommitRequest(doc_id=self.doc, expected_version=v,
                                                            edits=store_pb2.EditList()), timeout=10)
                    com.append((time.monotonic() - t0) * 1000)
                    v = r.version
            run.revision = r.revision
            return pct(get), pct(com)
        def measure_while_held(holder):
            """run() while `holder` holds its 16 streams, then asserts that
            every stream got every commit; ends the holder."""
            try:
                measured = run()
                holder.stdin.write(f"{commits}\n")
                holder.stdin.flush()
                got = holder.stdout.readline().split()
            finally:
                holder.kill()
                holder.wait()
            self.assertEqual(len(got), 16, got)
            self.assertTrue(all(int(g) >= commits for g in got), got)
            return measured

        run()  # warm-up
        idle = run()
        # Streams closed by earlier tests free their slots at the next
        # heartbeat (200 ms here): a holder that got fewer than 16 is retried
        # until a deadline.
        deadline = time.monotonic() + 10
        while True:
            holder = subprocess.Popen([sys.executable, "-c", self.HOLDER, self.serve.url, "17"],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            statuses = holder.stdout.readline().split()
            if statuses.count("200") == 16 or time.monotonic() > deadline:
                break
            holder.kill()
            holder.wait()
        self.assertEqual(statuses, ["200"] * 16 + ["429"])
        held = measure_while_held(holder)
        after = run()
        # The same with 16 gRPC Subscribe streams instead.
        holder = subprocess.Popen([sys.executable, "-c", self.HOLDER, self.serve.url, "16", self.serve.grpc,
                                   procs.STUBS, str(run.revision + 1)],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            self.assertEqual(holder.stdout.readline().split(), ["ok"])
        except BaseException:
            holder.kill()
            holder.wait()
            raise
        subs = measure_while_held(holder)

        def fmt(r):
            return (f"GetAnnotations p50 {r[0][0]:.2f} ms p99 {r[0][1]:.2f} ms, "
                    f"Commit p50 {r[1][0]:.2f} ms p99 {r[1][1]:.2f} ms")
        print(f"\ngRPC latency, {reads} GetAnnotations + {commits} Commit each: 0 SSE streams: {fmt(idle)}; "
              f"16 SSE streams (each commit delivered to all 16): {fmt(held)}; 0 again: {fmt(after)}; "
              f"16 gRPC Subscribe streams instead: {fmt(subs)}",
              file=sys.stderr)


class WorkbenchClaims(unittest.TestCase):
    """GET /api/v1/claims against a store fed the seed articles."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="docpipe-wb-claims-")
        cls.serve = Serve(os.path.join(cls.tmp, "store"))
        cls.serve.feed(os.path.join(procs.SHARED, "corpus", "seed"))

    @classmethod
    def tearDownClass(cls):
        cls.serve.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def claims(self, query=""):
        st, body, _ = call(self.serve.url + "api/v1/claims?" + query)
        self.assertEqual(st, 200, body)
        return body

    def test_groups_spans_and_documents(self):
        body = self.claims("measure=" + urllib.parse.quote("count:soldier"))
        self.assertTrue(body["groups"], body)
        self.assertTrue(all(g["key"].startswith("count:soldier") for g in body["groups"]))
        sent = [g for g in body["groups"] if g["key"].startswith("count:soldier/send")][0]
        self.assertTrue(sent["disagree"])
        texts = {c["text"] for c in sent["claims"]}
        for t in ("approximately 15,000", "around 12,000", "at least 10,000", "about 8,000"):
            self.assertIn(t, texts)
        self.assertTrue(any("20" in t for t in texts), texts)
        self.assertNotIn("2,000", texts)  # those who died are another group
        docs = body["documents"]
        for c in sent["claims"]:
            self.assertLessEqual(c["low"] if c["low"] != "-Infinity" else 0, c["number"]["value"])
            d = docs[c["docId"]]
            self.assertEqual((d["docId"], d["externalId"], d["text"]), (c["docId"], c["externalId"], ""))
            # The span is in UTF-16 code units, like every span of the API.
            st, doc, _ = call(self.serve.url + "api/v1/documents/" + c["docId"])
            units = doc["text"].encode("utf-16-le")
            self.assertEqual(units[2 * c["span"]["begin"]:2 * c["span"]["end"]].decode("utf-16-le"), c["text"])

    def test_filters(self):
        every = self.claims()["groups"]
        keys = {g["key"] for g in every}
        disagree = self.claims("disagree=1")["groups"]
        self.assertTrue(disagree)
        self.assertTrue(all(g["disagree"] for g in disagree))
        self.assertEqual({g["key"] for g in disagree}, {g["key"] for g in every if g["disagree"]})
        self.assertLess(len(disagree), len(every))
        self.assertEqual(self.claims("disagree=false")["groups"], every)
        outlet = self.claims("source=outlet")["groups"]
        self.assertTrue(outlet)
        self.assertTrue(all(any(c["outlet"] for c in g["claims"]) for g in outlet))
        self.assertLess(len(outlet), len(every))
        nis = self.claims("source=national_intelligence_service")["groups"]
        self.assertTrue(nis)
        self.assertTrue(all(any(c["sourceEntityId"] == "national_intelligence_service" for c in g["claims"])
                            for g in nis))
        ent = self.claims("entity=russia")["groups"]
        self.assertTrue(ent)
        self.assertTrue(all(any("russia" in c["entityIds"] or c["sourceEntityId"] == "russia"
                                for c in g["claims"]) for g in ent))
        two = self.claims("minClaims=2")["groups"]
        self.assertTrue(two)
        self.assertTrue(all(len(g["claims"]) >= 2 for g in two))
        self.assertEqual(self.claims("measure=no-such-measure")["groups"], [])
        # Paging: small pages give the same groups as one call.
        paged, token, pages = [], "", 0
        while True:
            b = self.claims("pageSize=1&pageToken=" + urllib.parse.quote(token))
            paged += [g["key"] for g in b["groups"]]
            pages += 1
            token = b["nextPageToken"]
            if not token:
                break
        self.assertGreater(pages, 1)
        self.assertEqual(set(paged), keys)

    def test_bad_parameters_are_400_naming_them(self):
        for query, name in (("disagree=maybe", "disagree"), ("pageSize=x", "pageSize"),
                            ("pageSize=5000", "pageSize"), ("minClaims=-1", "minClaims"),
                            ("measure=money&pageToken=" + self.claims("pageSize=1")["nextPageToken"],
                             "pageToken")):
            st, body, _ = call(self.serve.url + "api/v1/claims?" + query)
            self.assertEqual(st, 400, (query, body))
            self.assertEqual(body["error"]["code"], "INVALID_ARGUMENT")
            self.assertTrue(body["error"]["message"].startswith(name + ":"), (query, body))


class WorkbenchTokens(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="docpipe-wb-tok-")
        tokens = os.path.join(self.tmp, "tokens")
        with open(tokens, "w") as f:
            f.write("rtok ruth reader\natok anna annotator\n")
        self.serve = Serve(os.path.join(self.tmp, "store"), ["--token_file", tokens])

    def tearDown(self):
        self.serve.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def signin(self, token):
        st, body, h = call(self.serve.url + "api/v1/session", "POST", {"token": token}, W)
        return st, body, h.get("Set-Cookie", "")

    def test_cookie_roles_and_author(self):
        u = self.serve.url + "api/v1/"
        st, body, _ = call(u + "documents")
        self.assertEqual(st, 401, body)
        st, body, _ = call(u + "claims")
        self.assertEqual(st, 401, body)
        st, body, _ = call(u + "session", "POST", {"token": "atok"})  # no CSRF header
        self.assertEqual(st, 403)
        st, body, _ = self.signin("nope")
        self.assertEqual(st, 401)
        st, body, cookie = self.signin("rtok")
        self.assertEqual((st, body["identity"], body["role"]), (200, "ruth", "reader"))
        self.assertIn("HttpOnly", cookie)
        self.assertIn("SameSite=Strict", cookie)
        self.assertNotIn("rtok", self.serve.url)
        c = {"Cookie": cookie.split(";")[0]}
        st, body, _ = call(u + "documents", headers=c)
        self.assertEqual(st, 200, body)
        st, body, _ = call(u + "claims", headers=c)
        self.assertEqual(st, 200, body)
        # A reader may read, not write.
        st, body, _ = call(u + "documents/d-0/commit", "POST",
                           {"expectedVersion": "0", "edits": {"edits": []}}, {**c, **W})
        self.assertEqual(st, 403, body)
        self.assertIn("ruth may not correct", body["error"]["message"])
        st, body, cookie = self.signin("atok")
        c = {"Cookie": cookie.split(";")[0]}
        st, body, _ = call(u + "session", headers=c)
        self.assertEqual((body["identity"], body["role"]), ("anna", "annotator"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
