#!/usr/bin/env python3
"""How far PolNeAR's annotators agree with each other on cues, after our
conversion: a yardstick for the attributions layer's cue-overlap score.

Some PolNeAR articles were annotated by several people (one
`attributions/<article>_<annotator>.ann` each). For every such article this
converts each annotator's file alone with `docpipe convert polnear` (the
same code `docpipe eval --polnear` scores against) and scores every ordered
pair of annotators with the eval's cue-overlap detection: each gold cue
matches at most one predicted cue that it overlaps. It also scores the
attributions layer (`docpipe annotate`) against each annotator; on train/
that second figure is on articles the cue tagger learned from.

Usage: polnear_agreement.py [SPLIT_DIR]
  SPLIT_DIR defaults to $DOCPIPE_SHARED_DIR/data/polnear/dev (CTest runs it
  so); e.g. polnear_agreement.py ../shared/data/polnear/train
The binary comes from $DOCPIPE_BIN_DIR (default build/bin). Exit status 1
when no article has several annotators or a conversion found no cue (the
scores are measurements, not pass/fail thresholds).
"""
import argparse
import collections
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile


def docpipe():
    return os.path.join(os.environ.get("DOCPIPE_BIN_DIR", "build/bin"),
                        "docpipe")


def converted_cues(split, article, ann, scratch):
    """The cue spans of one annotator's file, converted to our guidelines."""
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(os.path.join(scratch, "text"))
    os.makedirs(os.path.join(scratch, "attributions"))
    shutil.copy(os.path.join(split, "text", article + ".txt"),
                os.path.join(scratch, "text"))
    shutil.copy(os.path.join(split, "attributions", ann),
                os.path.join(scratch, "attributions"))
    out = subprocess.run([docpipe(), "convert", "polnear", scratch],
                         check=True, capture_output=True, text=True).stdout
    doc = json.loads(out.splitlines()[0])
    return [(a["cue"]["begin"], a["cue"]["end"]) for a in doc["attributions"]]


def layer_cues(split, article):
    out = subprocess.run(
        [docpipe(), "annotate", "--layers", "attributions",
         os.path.join(split, "text", article + ".txt")],
        check=True, capture_output=True, text=True).stdout
    return [(a["cue"]["begin"], a["cue"]["end"])
            for a in json.loads(out)["attributions"]]


def matched(gold, pred):
    used = set()
    n = 0
    for gb, ge in gold:
        for i, (pb, pe) in enumerate(pred):
            if i not in used and pb < ge and gb < pe:
                used.add(i)
                n += 1
                break
    return n


class Score:
    def __init__(self):
        self.gold = self.pred = self.matched = 0

    def add(self, gold, pred):
        self.gold += len(gold)
        self.pred += len(pred)
        self.matched += matched(gold, pred)

    def __str__(self):
        p = self.matched / self.pred if self.pred else 0
        r = self.matched / self.gold if self.gold else 0
        f = 2 * p * r / (p + r) if p + r else 0
        return f"gold {self.gold} pred {self.pred}  P {p:.3f} R {r:.3f} F1 {f:.3f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("split", nargs="?", default=os.path.join(
        os.environ.get("DOCPIPE_SHARED_DIR", "../shared"), "data/polnear/dev"))
    args = ap.parse_args()
    by_article = collections.defaultdict(list)
    for ann in sorted(os.listdir(os.path.join(args.split, "attributions"))):
        by_article[ann.rsplit("_", 1)[0]].append(ann)
    several = {a: anns for a, anns in by_article.items() if len(anns) > 1}
    people, layer = Score(), Score()
    with tempfile.TemporaryDirectory() as tmp:
        for article, anns in sorted(several.items()):
            cues = [converted_cues(args.split, article, a, tmp + "/split")
                    for a in anns]
            if not all(cues):
                print(f"{article}: an annotation converted to no cue",
                      file=sys.stderr)
                return 1
            for i, j in itertools.permutations(range(len(anns)), 2):
                people.add(cues[i], cues[j])
            ours = layer_cues(args.split, article)
            for c in cues:
                layer.add(c, ours)
    if not several:
        print(f"{args.split}: no article has several annotators",
              file=sys.stderr)
        return 1
    print(f"{args.split}: {len(several)} articles with several annotators, "
          f"{sum(len(a) for a in several.values())} annotations")
    print(f"  annotator against annotator (every ordered pair): {people}")
    print(f"  attributions layer against each annotator:        {layer}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
