#!/usr/bin/env python3
"""Builds the embedded gazetteer: Debian's iso-codes countries and top-level
subdivisions (ISO 3166-1, 3166-2) plus the project's gazetteer.tsv, written
as one C++ string constant. Run by CMake at build time; never downloads.

Also the COMMON word list: words Debian's wamerican dictionary spells only
in lower case ("since", "strategy"), which the boundary rules read to tell
"Since Moscow ..." from a name.

Football clubs (clubs.tsv, from openfootball/clubs): a club's names of two
or more words are ORG entries; a one-word name that is also a place or an
English word ("Portsmouth", "Arsenal") goes to the CLUB_PLACE list, read
only in a document about sport; words many clubs share ("United", "City")
are dropped.

Cities (cities.tsv, from GeoNames): GPE entries, before the project's file
so that its ids and types win.

Organisations (orgs.tsv, from Wikidata's musical groups, the
name-suggestion-index's brands and dariusk/corpora; see gen_orgs.py): ORG
entries, and the BAND and BRAND lists of names read only in context, less
any name the lists before already know (a place, a country, a club).

usage: gen_gazetteer.py ISO_3166_1_JSON ISO_3166_2_JSON GAZETTEER_TSV WORDS CLUBS_TSV CITIES_TSV ORGS_TSV OUT_CC
"""
import json
import re
import sys
import unicodedata

# Subdivision types that are governments (GPE), not statistical areas.
GPE_TYPES = {"State", "Province", "Oblast", "Prefecture", "Governorate",
             "Republic", "Autonomous republic", "Autonomous region", "Region",
             "Emirate", "Canton", "Territory", "Land", "Federal district",
             "Autonomous city", "Metropolitan region", "Country", "Nation",
             "Special administrative region", "Municipality", "Capital city",
             "City", "Federal territory", "Special municipality"}
# Subdivision names that are ordinary English words: not names in news.
COMMON = {"north", "south", "east", "west", "central", "northern", "southern",
          "eastern", "western", "capital", "centre", "center", "coast",
          "islands", "island", "lakes", "upper", "lower", "middle", "plateau",
          "western area", "north east", "north west", "south east",
          "south west", "littoral", "interior", "highlands", "midlands",
          "greater", "national capital", "federal capital territory",
          "orange", "river", "valley", "mountain", "savanes", "grand", "sud",
          "nord", "est", "ouest", "centre-est", "ash sharqiyah", "al wusta"}


def slug(name):
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^0-9a-z]+", "_", s).strip("_")


def club_lines(path, lower, capitalized, known_lines):
    """ORG entries and the CLUB_PLACE word list from clubs.tsv."""
    known = set()
    for line in known_lines:
        f = line.split("\t")
        if f[0] in ("GPE", "COUNTRY", "LOC"):
            known.update(n.lower() for n in f[2].split("|"))
    clubs = []
    for line in open(path, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            _, cid, names = line.rstrip("\n").split("\t")
            clubs.append((cid, names.split("|")))
    # One-word names several clubs go by, and the last words of many
    # clubs' names: "United", "City", "Rovers".
    claims, tails = {}, {}
    for _, names in clubs:
        for w in {n.lower() for n in names if " " not in n}:
            claims[w] = claims.get(w, 0) + 1
        for w in {n.split()[-1].lower() for n in names if " " in n}:
            tails[w] = tails.get(w, 0) + 1
    out, places = [], set()
    for cid, names in clubs:
        entry = []
        for n in names:
            w = n.lower()
            if " " in n:
                if w not in known:
                    entry.append(n)
            elif (claims.get(w, 0) > 1 or tails.get(w, 0) > 2 or len(n) < 4
                  or n.isupper() or (w in lower and len(n) < 6)):
                continue
            elif w in known or w in lower or w in capitalized:
                places.add(n)
            else:
                entry.append(n)
        if entry:
            out.append("ORG\tclub:%s\t%s" % (cid, "|".join(entry)))
    out.append("CLUB_PLACE\t-\t" + "|".join(sorted(places)))
    return out


def org_lines(path, known_lines):
    """orgs.tsv's lines, its BAND and BRAND lists less the names known."""
    known = set()
    for line in known_lines:
        f = line.split("\t")
        if f[0] not in ("COMMON", "CLUB_PLACE"):
            known.update(n.lower() for n in f[2].split("|"))
    out = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        f = line.split("\t")
        if f[0] == "ORG":
            if f[2].lower() not in known:
                out.append(line)
            continue
        names = [n for n in f[2].split("|") if n.lower() not in known]
        if names:
            out.append("%s\t-\t%s" % (f[0], "|".join(names)))
    return out


def main():
    iso1, iso2, tsv, words, clubs, cities, orgs, out = sys.argv[1:9]
    lines = []
    countries = json.load(open(iso1, encoding="utf-8"))["3166-1"]
    for c in countries:
        common = c.get("common_name") or c["name"]
        if "," in common:
            continue  # "Korea, Republic of" without a common name
        names = [common]
        for key in ("name", "official_name"):
            n = c.get(key)
            if n and "," not in n and n not in names:
                names.append(n)
        lines.append("COUNTRY\t%s\t%s" % (slug(common), "|".join(names)))
    subdivisions = json.load(open(iso2, encoding="utf-8"))["3166-2"]
    for s in subdivisions:
        if "parent" in s or s["type"] not in GPE_TYPES:
            continue
        name = re.sub(r"\s*\[.*\]$", "", s["name"]).strip()
        if name.lower() in COMMON or len(name) < 4 or "," in name:
            continue
        folded = "".join(c for c in unicodedata.normalize("NFKD", name)
                         if not unicodedata.combining(c))
        names = name if folded == name else name + "|" + folded
        lines.append("GPE\t%s\t%s" % (slug(name), names))
    lower, capitalized = set(), set()
    for w in open(words, encoding="utf-8"):
        w = w.strip()
        if not w or "'" in w:
            continue
        (lower if w == w.lower() else capitalized).add(w.lower())
    common = sorted(w for w in lower - capitalized if len(w) > 1)
    for i in range(0, len(common), 500):
        lines.append("COMMON\t-\t" + "|".join(common[i:i + 500]))
    for line in open(cities, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            lines.append(line.rstrip("\n"))
    lines += club_lines(clubs, lower, capitalized, lines)
    project = [l.rstrip("\n") for l in open(tsv, encoding="utf-8")
               if l.strip() and not l.startswith("#")]
    lines += org_lines(orgs, lines + project)
    # The project's file last: its ids win, and it adds names to iso ids.
    for line in open(tsv, encoding="utf-8"):
        line = line.rstrip("\n")
        if line and not line.startswith("#"):
            lines.append(line)
    with open(out, "w", encoding="utf-8") as f:
        f.write("// Generated by gen_gazetteer.py from iso-codes and "
                "gazetteer.tsv. Do not edit.\n")
        f.write("#include \"annotate/entities/gazetteer_data.h\"\n")
        f.write("namespace docpipe::annotate::entities {\n")
        f.write("const char kGazetteerData[] =\n")
        # Chunks of whole lines: compilers cap a single literal's length.
        chunk = []
        for line in lines + [None]:
            if line is None or sum(map(len, chunk)) > 4000:
                f.write('R"GAZ(%s\n)GAZ"\n' % "\n".join(chunk))
                chunk = []
            if line is not None:
                chunk.append(line)
        f.write(";\n}  // namespace docpipe::annotate::entities\n")


if __name__ == "__main__":
    main()
