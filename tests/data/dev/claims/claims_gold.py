#!/usr/bin/env python3
"""Claims gold: drafts to annotate by hand, and the .ann files built into JSONL.

  claims_gold.py draft-seed                 # seed numbers + gold attributions
  claims_gold.py draft DOC...               # docpipe's own claims (pre-annotation)
  claims_gold.py build ann/X.ann > X.jsonl  # hand annotation -> gold JSONL

.ann format (one file per set):
  = <doc>                     a document (path relative to its corpus dir)
  TEXT[#N] | SOURCE | GROUP   a claim: the N-th (default 1st) occurrence of
                              TEXT in the document; SOURCE the canonical name
                              of the entity behind the figure, or `outlet`;
                              GROUP a label shared by claims of one quantity
  # ...                       a comment (numbers left out and why)
Documents are read from $DOCPIPE_SHARED_DIR (default ../shared)/corpus/<sub>.
"""
import hashlib
import json
import os
import subprocess
import sys

SHARED = os.environ.get("DOCPIPE_SHARED_DIR", "../shared")
BIN = os.environ.get("DOCPIPE_BIN_DIR", "build/bin")
CLAIM_KINDS = {"CARDINAL", "MONEY", "QUANTITY", "PERCENT"}


def corpus(doc):
    return os.path.join(SHARED, "corpus", "bbc" if "/" in doc else "seed", doc)


def bounded(text, b, e):
    """Whether text[b:e] stands alone: no letter or digit (nor a digit's
    '.' or ',') glued on either side ("5%" is not in "4.75%")."""
    def alnum(byte):
        return byte.isascii() and byte.isalnum()

    before = text[b - 1:b] if b > 0 else b" "
    if alnum(before) or (before in (b".", b",") and b > 1 and
                         text[b - 2:b - 1].isdigit()):
        return False
    return not (alnum(text[e:e + 1]) and alnum(text[e - 1:e]))


def nth(text, needle, n):
    """Byte offset of the n-th word-bounded occurrence (1-based) of needle."""
    pos = -1
    while n > 0:
        pos = text.find(needle, pos + 1)
        if pos < 0:
            return -1
        if bounded(text, pos, pos + len(needle)):
            n -= 1
    return pos


def line_of(text, b, e):
    s = text.rfind(b"\n", 0, b) + 1
    t = text.find(b"\n", e)
    t = len(text) if t < 0 else t
    return text[s:t].decode()


def occurrence(text, b, needle):
    k, pos = 0, -1
    while True:
        pos = text.find(needle, pos + 1)
        if pos < 0 or pos > b:
            return k
        k += bounded(text, pos, pos + len(needle))


def draft_seed():
    for line in open(os.path.join(SHARED, "gold/seed.jsonl"), encoding="utf-8"):
        d = json.loads(line)
        text = open(corpus(d["doc"]), "rb").read()
        print(f"= {d['doc']}")
        for n in d["numbers"]:
            if n["kind"] not in CLAIM_KINDS:
                continue
            src = "outlet"
            best = None
            for a in d["attributions"]:
                c = a["content"]
                if c["begin"] <= n["begin"] and n["end"] <= c["end"] and (
                        best is None or c["end"] - c["begin"] <
                        best["content"]["end"] - best["content"]["begin"]):
                    best = a
            if best:
                src = best.get("source_entity") or (best.get("source") or {}).get("text", "?")
            t = n["text"].encode()
            k = occurrence(text, n["begin"], t)
            print(f"{n['text']}{'#%d' % k if k > 1 else ''} | {src} | ?  "
                  f"# {n['kind']} counted={n['counted']}")


def draft(docs):
    paths = [corpus(d) for d in docs]
    out = subprocess.run([os.path.join(BIN, "docpipe"), "claims", "--json",
                          "--all_groups", *paths], check=True,
                         capture_output=True, text=True).stdout
    by_doc = {}
    for line in out.splitlines():
        g = json.loads(line)
        for c in g.get("claims", []):
            by_doc.setdefault(c["externalId"], []).append((g["key"], c))
    for d, p in zip(docs, paths):
        text = open(p, "rb").read()
        print(f"= {d}")
        for key, c in sorted(by_doc.get(p, []),
                             key=lambda kc: kc[1]["span"].get("begin", 0)):
            b = c["span"].get("begin", 0)
            t = c["text"].encode()
            k = occurrence(text, b, t)
            src = "outlet" if c.get("outlet") else (
                c.get("sourceEntityId") or c.get("sourceText", "?"))
            print(f"{c['text']}{'#%d' % k if k > 1 else ''} | {src} | {key}")


def build(ann):
    docs = []
    errors = 0
    for lineno, raw in enumerate(open(ann, encoding="utf-8"), 1):
        line = raw.split(" #", 1)[0].rstrip() if not raw.startswith("#") else ""
        if not line.strip():
            continue
        if line.startswith("= "):
            doc = line[2:].strip()
            text = open(corpus(doc), "rb").read()
            docs.append({"doc": doc,
                         "sha256": hashlib.sha256(text).hexdigest(),
                         "claims": [], "_text": text})
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 3 or not all(parts):
            print(f"{ann}:{lineno}: want TEXT | SOURCE | GROUP", file=sys.stderr)
            errors += 1
            continue
        needle, k = parts[0], 1
        if "#" in needle[1:] and needle.rsplit("#", 1)[1].isdigit():
            needle, k = needle.rsplit("#", 1)[0], int(needle.rsplit("#", 1)[1])
        d = docs[-1]
        b = nth(d["_text"], needle.encode(), k)
        if b < 0:
            print(f"{ann}:{lineno}: {needle!r} #{k} not in {d['doc']}",
                  file=sys.stderr)
            errors += 1
            continue
        d["claims"].append({"begin": b, "end": b + len(needle.encode()),
                            "text": needle, "source": parts[1],
                            "group": parts[2]})
    if errors:
        sys.exit(1)
    for d in docs:
        del d["_text"]
        d["claims"].sort(key=lambda c: c["begin"])
        print(json.dumps(d, ensure_ascii=False))


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "draft-seed":
        draft_seed()
    elif len(sys.argv) >= 3 and sys.argv[1] == "draft":
        draft(sys.argv[2:])
    elif len(sys.argv) == 3 and sys.argv[1] == "build":
        build(sys.argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
