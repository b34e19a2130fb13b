#!/usr/bin/env python3
"""Turn the compact hand annotation (ann/<category>.ann) into gold.py drafts.

Format: a line `## category/NNN.txt` starts a document; each following line is
`TEXT | TYPE | entity_id [| skip=i,j | only=i,j]`. Every word-bounded
occurrence of TEXT in the document is a mention (longer strings are placed
first; an occurrence overlapping a span already placed is left out). TYPE `-`
claims the span without marking it (a longer name whose nested part must not
be marked, e.g. an event name). skip/only select word-bounded occurrences
(0-based, in text order) of TEXT. The output names each mention by text and
`nth` (raw occurrence index, as gold.py build counts them).
"""
import json, os, re, sys

CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../../shared/corpus/bbc")

def occurrences(data, needle):
    out, start = [], -1
    while True:
        start = data.find(needle, start + 1)
        if start < 0:
            return out
        out.append(start)

def main(ann_path):
    docs, cur = [], None
    for raw in open(ann_path, encoding="utf-8"):
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#!"):
            continue
        if line.startswith("## "):
            cur = {"doc": line[3:].strip(), "rules": []}
            docs.append(cur)
            continue
        parts = [p.strip() for p in line.split("|")]
        rule = {"text": parts[0], "type": parts[1], "entity": parts[2] if len(parts) > 2 else ""}
        for extra in parts[3:]:
            k, v = extra.split("=")
            rule[k] = {int(x) for x in v.split(",")}
        cur["rules"].append(rule)
    drafts = []
    for d in docs:
        data = open(f"{CORPUS}/{d['doc']}", "rb").read()
        taken, ents = [], []
        for r in sorted(d["rules"], key=lambda r: -len(r["text"].encode())):
            needle = r["text"].encode()
            raw = occurrences(data, needle)
            bounded = [s for s in raw
                       if not (s > 0 and data[s-1:s].isalnum())
                       and not data[s+len(needle):s+len(needle)+1].isalnum()]
            if not bounded:
                sys.exit(f"{d['doc']}: {r['text']!r} not found")
            for wi, s in enumerate(bounded):
                if "only" in r and wi not in r["only"]: continue
                if "skip" in r and wi in r["skip"]: continue
                e = s + len(needle)
                if any(s < te and ts < e for ts, te in taken): continue
                taken.append((s, e))
                if r["type"] != "-":
                    ents.append((s, {"text": r["text"], "nth": raw.index(s),
                                     "type": r["type"], "entity": r["entity"]}))
        ents.sort(key=lambda x: x[0])
        drafts.append({"doc": d["doc"], "numbers": [], "attributions": [],
                       "entities": [e for _, e in ents]})
    json.dump(drafts, sys.stdout, ensure_ascii=False, indent=1)
    print()

if __name__ == "__main__":
    main(sys.argv[1])
