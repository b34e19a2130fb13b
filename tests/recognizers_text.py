#!/usr/bin/env python3
"""The Recognizers-Text English specs as a conformance suite for the numbers
layer.

Runs `docpipe annotate --layers numbers` over every case's Input and reports,
per spec file, the share of cases where we find exactly the spans they expect
(no more, no fewer) with the same value (and unit, for currency and
dimensions). Spec offsets are UTF-16 indices with an inclusive End; ours are
UTF-8 bytes, half-open; the runner converts.

Our spans include leading qualifiers and trailing rates (guidelines sec. 1);
the runner compares from the amount's first byte to its last. We normalize
cents and pence to their currency (50 cents = 0.50 USD); so does the runner.

How their types map onto ours (README, "Numbers conformance"):
  NumberModel        number       -> CARDINAL (value; ranges excluded)
  NumberRangeModel   numberrange  -> any kind with low/high, or AT_LEAST /
                                     AT_MOST (interval ends; open/closed
                                     ignored)
  OrdinalModel       ordinal      -> ORDINAL (value); ordinal.relative
                                     ("last", "next one") we do not mark
  PercentModel       percentage   -> PERCENT (value)
  CurrencyModel      currency     -> MONEY (value, unit as ISO 4217)
  DimensionModel     dimension    -> QUANTITY (value, unit)

Usage: recognizers_text.py [--json] [--min-cases N]
Exit status 0 when every file was run (the shares are measurements, not
pass/fail thresholds).
"""
import argparse
import re
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import procs  # noqa: E402

SPECS = os.path.join(procs.SHARED, "data", "recognizers-text", "Specs")
DOCPIPE = os.path.join(procs.BIN, "docpipe")

FILES = [
    ("Number/English/NumberModel.json", "number"),
    ("Number/English/NumberRangeModel.json", "numberrange"),
    ("Number/English/OrdinalModel.json", "ordinal"),
    ("Number/English/PercentModel.json", "percentage"),
    ("NumberWithUnit/English/CurrencyModel.json", "currency"),
    ("NumberWithUnit/English/DimensionModel.json", "dimension"),
]

# Their currency names -> ISO 4217 (what our MONEY unit holds).
CURRENCY = {
    "Dollar": "USD", "United States dollar": "USD", "Euro": "EUR",
    "British pound": "GBP", "Pound": "GBP", "Pound sterling": "GBP",
    "Japanese yen": "JPY", "Yen": "JPY", "Chinese yuan": "CNY", "Yuan": "CNY",
    "Renminbi": "CNY", "Indian rupee": "INR", "Rupee": "INR", "Russian ruble": "RUB",
    "South Korean won": "KRW", "Won": "KRW", "North Korean won": "KPW",
    "Canadian dollar": "CAD", "Australian dollar": "AUD", "Swiss franc": "CHF",
    "Hong Kong dollar": "HKD", "Mexican peso": "MXN", "Brazilian real": "BRL",
    "Kuwaiti dinar": "KWD", "Singapore dollar": "SGD", "New Zealand dollar": "NZD",
    "Finnish markka": "FIM", "Peseta": "ESP", "Netherlands guilder": "NLG",
    "Costa Rican colón": "CRC", "Georgian lari": "GEL", "Lao kip": "LAK",
    "Bitcoin": "BTC", "Franc": "CHF", "Swiss franc": "CHF", "Turkish lira": "TRY", "Sri Lankan rupee": "LKR", "Cent": "USD-cent", "Penny": "GBP-penny", "Pence": "GBP-penny",
}

# Their dimension units -> ours (annotate/numbers/lexicon.cc names; the
# guidelines' unit is "singular lower-case": tonnes and metric tons are
# "ton").
DIMENSION = {
    "Pound": "lb", "Kilogram": "kg", "Gram": "g", "Milligram": "mg", "Ton": "ton",
    "Metric ton": "ton", "Tonne": "ton", "Ounce": "ounce",
    "Kilometer": "km", "Meter": "m", "Centimeter": "cm", "Millimeter": "mm",
    "Mile": "mile", "Foot": "foot", "Inch": "inch", "Yard": "yard",
    "Square kilometer": "km2", "Square meter": "m2", "Square mile": "sq mi",
    "Acre": "acre", "Hectare": "hectare", "Liter": "litre", "Litre": "litre",
    "Gallon": "gallon", "Barrel": "barrel", "Kilometer per hour": "km/h",
    "Mile per hour": "mph", "Megabyte": "mb", "Gigabyte": "gb", "Kilobyte": "kb",
    "Terabyte": "tb", "Bit": "bit", "Byte": "byte", "Megawatt": "mw",
    "Kilowatt": "kw", "Milliliter": "ml", "Degree": "degree",
    "Microgram": "microgram", "Decimeter": "dm", "Cubic foot": "cubic foot",
    "Tablespoon": "tablespoon", "Teaspoon": "teaspoon", "Radian": "radian",
}

# Spans of time are QUANTITY for us ("three decades", sec. 1) and durations
# in another model for them: not compared in the dimension specs.
TIME_UNITS = {"year", "decade", "month", "week", "day", "hour", "minute", "century"}


# Where the annotation guidelines (sec. 1) and the specs disagree on
# purpose, the guidelines win. Two kinds of difference:
#
# 1. Results that state no quantity are not compared: currency names, units
#    and "percent" without an amount ("a multibillion-dollar deal", "the % of
#    increase", "a metric ton is ..."), and relative ordinals ("last", "next one", "the previous
#    page"). The guidelines mark "every expression that states a quantity"
#    and leave date words without a number unmarked ("this year", so "last
#    year", "next week" too). A case with other results is compared on
#    those; a case left with none is not counted (`excluded`).
# 2. Cases the guidelines read otherwise, one by one, with the rule.
CONFLICTS = {
    ("number", "192."): "list marker (sec. 1: list markers are not numbers)",
    ("number", "192.168.1.2"): "an IP address is an id (sec. 1: ids)",
    ("number", "10G"): "letters glued to digits are names (sec. 1: G7)",
    ("number", "SCP-173"): "a name (sec. 1: parts of names)",
    ("number", "Any time to meet on 5/17/2018?"): "a DATE (sec. 1)",
    ("number", "My phone number is +1-222-2222/2222"):
        "a phone number (sec. 1)",
    ("number", "1m isn't a number."):
        "'m' glued to digits is million in news style (sec. 1 scale "
        "words; the seed gold's 'USD 34.6m')",
    ("number", "hundred thousand dollars"): "MONEY, not a number (sec. 1)",
    ("number", "I can give you 3 hundred and 21 yuan."):
        "MONEY, not a number (sec. 1)",
    ("number", "$20"): "MONEY, not a number (sec. 1)",
    ("number", "That account revenue target is US$ 1MM"):
        "MONEY, not a number (sec. 1)",
    ("number", "I want to earn $10000 in 3 years"):
        "MONEY and a QUANTITY ('3 years', a span of time), sec. 1",
    ("number", "I want to earn $2000 over 3 years"):
        "MONEY and a QUANTITY ('over 3 years', a span of time), sec. 1",
    ("number", "more than half people came here."):
        "'half' as a share is PERCENT 50 (sec. 1 table)",
    ("numberrange", "more than half people came here"):
        "'half' as a share is PERCENT 50 (sec. 1 table)",
    ("numberrange", "exceed 3000"):
        "a verb leaves EXACT (sec. 1: 'a verb such as exceed')",
    ("numberrange", "surpass 3000"):
        "a verb leaves EXACT (sec. 1: 'a verb such as exceed')",
    ("numberrange", "Number of cars which have horsepower exceeding 150"):
        "a verb leaves EXACT (sec. 1: 'a verb such as exceed')",
}


def no_quantity(result, typename):
    """A spec result that states no quantity (see CONFLICTS)."""
    if typename == "ordinal":
        return result.get("TypeName", "") != "ordinal"  # ordinal.relative
    if typename in ("currency", "percentage", "dimension"):
        return (result.get("Resolution") or {}).get("value") in (None, "null")
    return False


def utf8_offset(text, utf16_index):
    """UTF-16 code unit index -> UTF-8 byte offset."""
    units = 0
    out = 0
    for ch in text:
        if units >= utf16_index:
            break
        units += 2 if ord(ch) > 0xFFFF else 1
        out += len(ch.encode("utf-8"))
    return out


def num(s):
    try:
        return float(str(s).rstrip("%"))
    except ValueError:
        return None


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def interval(value):
    """'[10,12)' -> (10.0, 12.0); '(,10)' -> (None, 10.0)."""
    v = value.strip()[1:-1]
    lo, _, hi = v.partition(",")
    return (num(lo) if lo else None, num(hi) if hi else None)


def comparable(case, typename):
    """The case's results we compare, or None when the case is excluded."""
    if (typename, case["Input"]) in CONFLICTS:
        return None
    results = [r for r in case.get("Results", [])
               if r.get("TypeName", "") == typename
               or (typename == "ordinal" and r.get("TypeName", "").startswith("ordinal"))]
    kept = [r for r in results if not no_quantity(r, typename)]
    if results and not kept:
        return None
    return kept


def expected(case, typename):
    out = set()
    for r in comparable(case, typename) or []:
        b = utf8_offset(case["Input"], r["Start"])
        e = utf8_offset(case["Input"], r["End"] + 1)
        res = r.get("Resolution") or {}
        if typename == "numberrange":
            key = interval(res.get("value", "(,)"))
        elif typename == "currency":
            unit = CURRENCY.get(res.get("unit"), res.get("unit"))
            value = num(res.get("value"))
            if unit in ("USD-cent", "GBP-penny") and value is not None:
                # Subunits: we normalize "50 cents" to 0.50 USD.
                unit, value = unit[:3], value / 100
            key = (value, unit)
        elif typename == "dimension":
            key = (num(res.get("value")), DIMENSION.get(res.get("unit"), res.get("unit")))
        else:
            key = num(res.get("value"))
        out.add((b, e, key if not isinstance(key, float) else round(key, 9)))
    return out


# Our spans include a leading qualifier ("about $5 million") and a trailing
# rate ("$98 a share"), as the guidelines say; theirs do not. Compare from
# the amount's first byte to its last.
QUALIFIERS = ("about ", "approximately ", "around ", "roughly ", "some ",
              "nearly ", "almost ", "more than ", "less than ", "over ",
              "under ", "up to ", "at least ", "at most ", "as much as ",
              "as many as ", "an estimated ", "estimated ", "just over ",
              "just under ", "close to ", "fewer than ", "below ", "above ",
              "only ", "just ", "exactly ", "in excess of ", "no less than ",
              "no more than ", "circa ", "~")
RATE = re.compile(r"(\s+(a|an|per|each)\s+\S+|\s*/\s*\S+|\s+(annually|yearly|monthly|weekly|daily))$")


def amount_span(n):
    b, e, text = n["begin"], n["end"], n["text"]
    low = text.lower()
    for q in QUALIFIERS:
        if low.startswith(q):
            cut = len(text[:len(q)].encode("utf-8"))
            b, text, low = b + cut, text[len(q):], low[len(q):]
            break
    if n.get("per"):
        m = RATE.search(text)
        if m:
            e -= len(m.group(0).encode("utf-8"))
    return b, e


ABOUT = ("about ", "approximately ", "around ", "roughly ", "some ",
         "an estimated ", "circa ", "~")
NUMBER_WORDS = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
    "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
    "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
    "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
    "thousand", "million", "billion", "trillion", "dozen", "half", "quarter"}
UNIT_WORD = re.compile(r"\s+([A-Za-z][A-Za-z/-]*)$")


def range_span(n):
    b, e, text = n["begin"], n["end"], n["text"]
    for q in ABOUT:
        if text.lower().startswith(q):
            b += len(text[:len(q)].encode("utf-8"))
            text = text[len(q):]
            break
    while n["kind"] == "QUANTITY" and n.get("unit"):
        m = UNIT_WORD.search(text)
        if not m or m.group(1).lower() in NUMBER_WORDS:
            break
        e -= len(m.group(0).encode("utf-8"))
        text = text[:m.start()]
    return b, e


def ours(numbers, typename, text=""):
    out = set()
    raw = text.encode("utf-8")
    for n in numbers:
        kind = n["kind"]
        # Range specs keep "more than", "between" in the span, as we do;
        # not "about" (no bound) nor a unit (a range of numbers). They keep
        # "from" too, which our ranges leave out (guidelines sec. 1:
        # "$457 million to $1.19 billion"): compare from it.
        b, e = range_span(n) if typename == "numberrange" else amount_span(n)
        ranged = n.get("low") is not None or n.get("high") is not None
        if (typename == "numberrange" and ranged and
                raw[:b].lower().endswith(b"from ")):
            b -= len(b"from ")
        if typename == "number" and kind == "CARDINAL" and not ranged:
            out.add((b, e, round(n["value"], 9) if n["value"] is not None else None))
        elif typename == "numberrange":
            if ranged:
                out.add((b, e, (n.get("low"), n.get("high"))))
            elif n.get("approx") == "AT_LEAST":
                out.add((b, e, (n["value"], None)))
            elif n.get("approx") == "AT_MOST":
                out.add((b, e, (None, n["value"])))
        elif typename == "ordinal" and kind == "ORDINAL":
            out.add((b, e, round(n["value"], 9) if n["value"] is not None else None))
        elif typename == "percentage" and kind == "PERCENT" and not ranged:
            out.add((b, e, round(n["value"], 9) if n["value"] is not None else None))
        elif typename == "currency" and kind == "MONEY":
            out.add((b, e, (n["value"], n.get("unit"))))
        elif typename == "dimension" and kind == "QUANTITY" and n.get("unit") not in TIME_UNITS:
            out.add((b, e, (n["value"], n.get("unit"))))
    return out


def same(exp, got):
    if len(exp) != len(got):
        return False
    rest = list(got)
    for b, e, key in exp:
        match = None
        for g in rest:
            if g[0] != b or g[1] != e:
                continue
            gk = g[2]
            if isinstance(key, tuple):
                ok = all(close(x, y) if not isinstance(x, str) and not isinstance(y, str)
                         else x == y for x, y in zip(key, gk))
            else:
                ok = close(key, gk)
            if ok:
                match = g
                break
        if match is None:
            return False
        rest.remove(match)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show-failures", type=int, default=0,
                    help="print this many failing cases per file")
    ap.add_argument("--show-excluded", action="store_true",
                    help="print the cases not compared, and why")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="docpipe-rt-")
    report = []
    try:
        for rel, typename in FILES:
            with open(os.path.join(SPECS, rel), encoding="utf-8-sig") as f:
                cases = json.load(f)
            paths = []
            for i, c in enumerate(cases):
                p = os.path.join(tmp, f"{typename}-{i:04d}.txt")
                with open(p, "w", encoding="utf-8") as f:
                    f.write(c["Input"])
                paths.append(p)
            # Empty inputs are not articles: docpipe annotate rejects them.
            runnable = [p for p, c in zip(paths, cases) if c["Input"].strip()]
            out = subprocess.run([DOCPIPE, "annotate", "--layers", "numbers", *runnable],
                                 capture_output=True, text=True, timeout=600)
            found = {}
            for line in out.stdout.splitlines():
                d = json.loads(line)
                found[os.path.basename(d["doc"])] = d["numbers"]
            passed, excluded, failures = 0, 0, []
            for p, c in zip(paths, cases):
                if comparable(c, typename) is None:
                    excluded += 1
                    if args.show_excluded:
                        why = CONFLICTS.get((typename, c["Input"]), "states no quantity")
                        print(f"  excluded {typename}: {c['Input']!r}: {why}",
                              file=sys.stderr)
                    continue
                exp = expected(c, typename)
                got = ours(found.get(os.path.basename(p), []), typename,
                           c["Input"])
                if same(exp, got):
                    passed += 1
                elif len(failures) < args.show_failures:
                    failures.append((c["Input"], sorted(map(str, exp)), sorted(map(str, got))))
            compared = len(cases) - excluded
            report.append({"file": rel, "cases": len(cases), "excluded": excluded,
                           "passed": passed,
                           "share": passed / compared if compared else 0.0,
                           "share_of_all": passed / len(cases) if cases else 0.0})
            if failures:
                print(f"--- {rel}", file=sys.stderr)
                for inp, e, g in failures:
                    print(f"  {inp!r}\n    want {e}\n    got  {g}", file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print(f"{'spec file':48} {'cases':>6} {'excl.':>6} {'same':>6} {'share':>7}"
              f" {'of all':>7}")
        for r in report:
            print(f"{r['file']:48} {r['cases']:6d} {r['excluded']:6d} {r['passed']:6d}"
                  f" {r['share']:7.1%} {r['share_of_all']:7.1%}")
        print("share: of the cases compared (all less the excluded guideline "
              "conflicts, see CONFLICTS); of all: of every case")
    return 0 if len(report) == len(FILES) else 1


if __name__ == "__main__":
    sys.exit(main())
