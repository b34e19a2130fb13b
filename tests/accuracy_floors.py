#!/usr/bin/env python3
"""Accuracy floors: each layer's score on a dev set must not fall below a
floor set a little under the current figure, so a regression fails CTest.

Usage: accuracy_floors.py SUITE
  (seed | conll | polnear | recognizers_text | bbc_entities | bbc_numbers |
   claims)

Each suite runs the real `docpipe eval` (or the conformance runner), reads
its JSON, and compares every scored figure with FLOORS[SUITE]. A figure
that rises above its floor by much is a reason to raise the floor; the
figures in docs/accuracy.md are the current ones.

Environment: DOCPIPE_BIN_DIR (default build/bin), DOCPIPE_SHARED_DIR
(default ../shared).
"""
import json
import os
import subprocess
import sys
import tempfile

BIN = os.environ.get("DOCPIPE_BIN_DIR", "build/bin")
SHARED = os.environ.get("DOCPIPE_SHARED_DIR", "../shared")
HERE = os.path.dirname(os.path.abspath(__file__))

# (path into the JSON report, floor). Paths are tuples of keys.
FLOORS = {
    "seed": [
        (("numbers", "spans", "ALL", "exact", "f1"), 0.98),
        (("numbers", "value_accuracy"), 0.97),
        (("entities", "spans", "ALL", "exact", "f1"), 0.975),
        (("entities", "clustering", "f1"), 0.98),
        (("attributions", "detection", "f1"), 0.89),
        (("attributions", "source_accuracy"), 0.93),
        (("attributions", "content_token_f1"), 0.93),
    ],
    "conll": [
        (("entities", "ALL", "f1"), 0.91),
        (("entities", "PER", "f1"), 0.94),
        (("entities", "LOC", "f1"), 0.93),
    ],
    "polnear": [
        (("attributions", "detection", "f1"), 0.765),
        (("attributions", "source_accuracy"), 0.86),
        (("attributions", "content_token_f1"), 0.79),
    ],
    # The hand-annotated BBC dev sets (tests/data/dev), one layer each.
    "bbc_entities": [
        (("entities", "spans", "ALL", "exact", "f1"), 0.90),
        (("entities", "spans", "ALL", "overlap", "f1"), 0.91),
        (("entities", "clustering", "f1"), 0.96),
    ],
    "bbc_numbers": [
        (("numbers", "spans", "ALL", "exact", "f1"), 0.975),
        (("numbers", "spans", "ALL", "overlap", "f1"), 0.975),
        (("numbers", "value_accuracy"), 0.99),
        (("numbers", "field_accuracy", "unit"), 0.99),
        (("numbers", "field_accuracy", "per"), 0.99),
    ],
    # Claims gold (tests/data/dev/claims): seed, BBC dev and BBC held-out.
    "claims": [
        (("seed", "claims", "detection", "f1"), 0.98),
        (("seed", "claims", "source_accuracy"), 0.74),
        (("seed", "claims", "grouping", "f1"), 0.91),
        (("bbc_dev", "claims", "detection", "f1"), 0.915),
        (("bbc_dev", "claims", "source_accuracy"), 0.76),
        (("bbc_dev", "claims", "grouping", "f1"), 0.83),
        (("bbc_heldout", "claims", "detection", "f1"), 0.83),
        (("bbc_heldout", "claims", "source_accuracy"), 0.76),
        (("bbc_heldout", "claims", "grouping", "f1"), 0.91),
    ],
    # Shares of the cases compared, per Recognizers-Text spec file.
    "recognizers_text": [
        (("Number/English/NumberModel.json",), 0.95),
        (("Number/English/NumberRangeModel.json",), 0.80),
        (("Number/English/OrdinalModel.json",), 0.90),
        (("Number/English/PercentModel.json",), 0.97),
        (("NumberWithUnit/English/CurrencyModel.json",), 0.95),
        (("NumberWithUnit/English/DimensionModel.json",), 0.81),
    ],
}


def docpipe(*args):
    out = subprocess.run([os.path.join(BIN, "docpipe"), *args], check=True,
                         capture_output=True, text=True, timeout=600)
    return out.stdout


def conll_report():
    """`docpipe eval --conll` prints a table: `  TYPE gold pred P / R / F1`."""
    text = docpipe("eval", "--conll",
                   os.path.join(SHARED, "data/conll2003/valid.txt"))
    report = {}
    for line in text.splitlines():
        cols = line.split()
        if len(cols) == 8 and cols[4] == "/" and cols[6] == "/":
            report[cols[0]] = {"f1": float(cols[7])}
    return {"entities": report}


def bbc_dev_report(layer):
    """Every category's gold file of one layer, scored in one run."""
    dev = os.path.join(HERE, "data", "dev")
    files = sorted(f for f in os.listdir(dev)
                   if f.startswith(f"bbc_{layer}_dev.") and f.endswith(".jsonl"))
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl") as gold:
        for f in files:
            with open(os.path.join(dev, f), encoding="utf-8") as part:
                gold.write(part.read())
        gold.flush()
        return json.loads(docpipe(
            "eval", "--json", "--layers", layer, "--gold", gold.name,
            "--docs", os.path.join(SHARED, "corpus/bbc")))


def claims_report():
    """Each claims gold file scored on its own (grouping within the file)."""
    dev = os.path.join(HERE, "data", "dev", "claims")
    out = {}
    for name, corpus in (("seed", "seed"), ("bbc_dev", "bbc"),
                         ("bbc_heldout", "bbc")):
        out[name] = json.loads(docpipe(
            "eval", "--json", "--layers", "claims", "--claims_gold",
            os.path.join(dev, f"{name}.jsonl"), "--docs",
            os.path.join(SHARED, "corpus", corpus)))
    return out


def report(suite):
    if suite == "seed":
        return json.loads(docpipe(
            "eval", "--json", "--gold", os.path.join(SHARED, "gold/seed.jsonl"),
            "--docs", os.path.join(SHARED, "corpus/seed")))
    if suite == "conll":
        return conll_report()
    if suite == "polnear":
        return json.loads(docpipe(
            "eval", "--json", "--layers", "attributions", "--polnear",
            os.path.join(SHARED, "data/polnear/dev")))
    if suite in ("bbc_entities", "bbc_numbers"):
        return bbc_dev_report(suite.split("_", 1)[1])
    if suite == "claims":
        return claims_report()
    if suite == "recognizers_text":
        out = subprocess.run(
            [sys.executable, os.path.join(HERE, "recognizers_text.py"),
             "--json"], check=True, capture_output=True, text=True,
            timeout=600)
        return {f["file"]: f["share"] for f in json.loads(out.stdout)}
    raise SystemExit(f"unknown suite {suite!r}; one of {sorted(FLOORS)}")


def lookup(tree, path):
    for key in path:
        if not isinstance(tree, dict) or key not in tree:
            return None
        tree = tree[key]
    return tree


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in FLOORS:
        raise SystemExit(f"usage: {sys.argv[0]} {'|'.join(FLOORS)}")
    suite = sys.argv[1]
    tree = report(suite)
    failed = 0
    for path, floor in FLOORS[suite]:
        value = lookup(tree, path)
        name = ".".join(path)
        if value is None:
            print(f"FAIL {name}: missing from the report")
            failed += 1
        elif value < floor:
            print(f"FAIL {name}: {value:.4f} < floor {floor:.4f}")
            failed += 1
        else:
            print(f"ok   {name}: {value:.4f} >= {floor:.4f}")
    passed = len(FLOORS[suite]) - failed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
