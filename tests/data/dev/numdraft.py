#!/usr/bin/env python3
"""Turn a line-based numbers annotation (*.numbers.txt) into a gold.py draft JSON.

Format: `== DOC` starts a document; then one number per line, in document order:
    KIND | span text | k=v k=v ...
keys: v value, lo low, hi high, u unit, a approx, p per, c counted, d date
(values may contain spaces if quoted with double quotes: c="tube lines").
`nth` is computed: the first whole-word occurrence of the text after the
previous span's start, counted among all raw occurrences (as gold.py does).

usage: numdraft.py ANNOT.numbers.txt CORPUS_DIR > DRAFT.json
"""
import json, os, shlex, sys

KEYS = {"v": "value", "lo": "low", "hi": "high", "u": "unit", "a": "approx",
        "p": "per", "c": "counted", "d": "date"}
NUMERIC = {"value", "low", "high"}


def num(s):
    f = float(s)
    return int(f) if f.is_integer() and abs(f) < 1e15 else f


def main(path, corpus):
    docs, cur, data, pos = [], None, b"", 0
    for ln, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("== "):
            cur = {"doc": line[3:].strip(), "numbers": [], "entities": [], "attributions": []}
            docs.append(cur)
            data = open(os.path.join(corpus, cur["doc"]), "rb").read()
            pos = 0
            continue
        kind, text, fields = [x.strip() for x in line.split("|", 2)]
        needle = text.encode("utf-8")
        i = pos
        while True:
            i = data.find(needle, i)
            if i < 0:
                sys.exit(f"line {ln}: {text!r} not found after byte {pos} in {cur['doc']}")
            before = data[i - 1:i] if i else b" "
            after = data[i + len(needle):i + len(needle) + 1] or b" "
            before2 = data[i - 2:i - 1] if i > 1 else b" "
            after2 = data[i + len(needle) + 1:i + len(needle) + 2] or b" "
            inside = (before.isalnum() or after.isalnum()
                      or (before in (b".", b",") and before2.isdigit())
                      or (after in (b".", b",") and after2.isdigit()))
            if not inside:
                break
            i += 1
        nth, j = 0, data.find(needle)
        while j < i:
            nth += 1
            j = data.find(needle, j + 1)
        pos = i + 1
        rec = {"kind": kind, "text": text}
        if nth:
            rec["nth"] = nth
        for kv in shlex.split(fields):
            k, v = kv.split("=", 1)
            k = KEYS[k]
            rec[k] = num(v) if k in NUMERIC else v
        rec.setdefault("approx", "RANGE" if "low" in rec else "EXACT")
        cur["numbers"].append(rec)
    json.dump(docs, sys.stdout, ensure_ascii=False, indent=1)
    print()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
