#!/usr/bin/env python3
"""Writes orgs.tsv, the organisations the entities layer knows by name:
musical groups (Wikidata), brands and companies (the OpenStreetMap
name-suggestion-index, dariusk/corpora). Run by hand when a source is
updated; the build reads orgs.tsv (gen_gazetteer.py).

Each name goes to one of three lists, by how safely it names an
organisation wherever it is written:
  ORG    a brand's name of two or more words that mixes an ordinary English
         word with a word that is none ("Ask Jeeves", "Standard Life"), or
         of one word in no dictionary and no census surname ("Ladbrokes"):
         an entry like any other, typed ORG wherever it stands.
  BAND   a musical group's name ("Muse", "Iron Maiden"; so many are also
         the titles of works, "Casino Royale", that none is an entry):
         read only where the tagger took it for a person, in a document
         about music.
  BRAND  any other brand's or company's name ("Jaguar", "Opel", "Virgin
         Trains"): read only where the tagger took the name for a person
         or a place.
A name of ordinary words alone ("Iron Maiden", "New Edition"), or one that
starts with a given name or is a person's or a place's name in CoNLL-2003
train ("Franz Ferdinand", "Ford"), is never an entry of its own; one that
is a person's name ("Kate Bush", "Charlie", "Hilton") is left out.

usage: gen_orgs.py CORPORA_GIT NSI_GIT BANDS_GIT NAMES_GIT WORDS CONLL_TRAIN > orgs.tsv
  CORPORA_GIT  git directory of github.com/dariusk/corpora
  NSI_GIT      git directory of github.com/osmlab/name-suggestion-index
  BANDS_GIT    git directory of github.com/diyclassics/fw-bandname-generator
  NAMES_GIT    git directory of github.com/treyhunner/names (census names)
  WORDS        /usr/share/dict/words (Debian wamerican)
  CONLL_TRAIN  CoNLL-2003 train.txt
"""
import hashlib
import json
import re
import subprocess
import sys
import unicodedata

# Wikidata items numbered below this were made in Wikidata's first year,
# mostly from Wikipedia articles: the groups known enough to have one.
BAND_QID_LIMIT = 10_000_000
# The commonest surnames of the 1990 US census: a one-word name among them
# ("Stone", "Hilton") is a person's too often to be read as a band's.
SURNAME_RANKS = 1500
# NSI brands for these areas (001 = worldwide): English-language news.
NSI_AREAS = {"001", "gb", "ie", "us", "ca", "au", "nz", "150"}
CORPORA_FILES = {
    "data/corporations/cars.json": "cars",
    "data/corporations/fortune500.json": "companies",
    "data/corporations/nasdaq.json": "corporations",
    "data/corporations/djia.json": "corporations",
    "data/corporations/newspapers.json": "newspapers",
    "data/technology/social_networking_websites.json":
        "socialNetworkingWebsites",
    "data/technology/photo_sharing_websites.json": None,
    "data/technology/video_hosting_websites.json": None,
}
NAME_RE = re.compile(r"[A-Za-z0-9À-ɏ&'’ .!+\-]+")


def git(repo, *args):
    return subprocess.run(["git", "--git-dir", repo, *args], check=True,
                          capture_output=True).stdout


def head(repo):
    return git(repo, "rev-parse", "HEAD").decode().strip()


def show(repo, path):
    return git(repo, "show", "HEAD:" + path)


def sha(data):
    return hashlib.sha256(data).hexdigest()


def clean(name):
    name = re.sub(r"\s*\([^)]*\)", "", name)  # "Travelodge (Europe)"
    name = re.sub(r"\s+", " ", name.replace("’", "'")).strip()
    if name.startswith("The ") and len(name) > 4:
        name = name[4:]  # the guidelines leave "The" out of a band's name
    return name


def usable(name):
    return (len(name) >= 2 and NAME_RE.fullmatch(name) is not None and
            name[0].isupper() and not re.fullmatch(r"[\d .]+", name) and
            len(name.split()) <= 5)


def conll_names(path):
    """Lower-case words of PER names and one-word LOC names in CoNLL."""
    person, place = set(), set()
    span, label = [], None
    for line in list(open(path, encoding="utf-8")) + [""]:
        f = line.split()
        tag = f[-1] if len(f) >= 4 else "O"
        if span and not tag.startswith("I-"):
            if label == "PER":
                person.update(w.lower() for w in span)
            elif label == "LOC" and len(span) == 1:
                place.add(span[0].lower())
            span = []
        if tag != "O":
            if tag.startswith("B-") or not span:
                span, label = [], tag[2:]
            span.append(f[0])
    return person, place


def corpora_names(repo, out_sources):
    names = []
    for path, key in CORPORA_FILES.items():
        raw = show(repo, path)
        out_sources.append((path, sha(raw)))
        data = json.loads(raw)
        if key is None:
            key = next(k for k, v in data.items() if isinstance(v, list))
        for item in data[key]:
            names.append(item["name"] if isinstance(item, dict) else item)
    return names


def nsi_names(repo, out_sources):
    names = []
    files = git(repo, "ls-tree", "-r", "--name-only", "HEAD",
                "data/brands").decode().split()
    digest = hashlib.sha256()
    for path in sorted(files):
        if not path.endswith(".json"):
            continue
        raw = show(repo, path)
        digest.update(raw)
        for item in json.loads(raw).get("items", []):
            areas = {a for a in item.get("locationSet", {}).get("include", [])
                     if isinstance(a, str)}
            if not areas & NSI_AREAS:
                continue
            tags = item.get("tags", {})
            for n in (tags.get("brand"), item.get("displayName")):
                if n:
                    names.append(n)
    out_sources.append(("data/brands/**/*.json (%d files, sha256 of their "
                        "concatenation in path order)" % len(files),
                        digest.hexdigest()))
    return names


def band_names(repo, out_sources):
    raw = show(repo, "static/data/bands.tsv")
    out_sources.append(("static/data/bands.tsv", sha(raw)))
    names = []
    for line in raw.decode("utf-8").splitlines():
        f = line.split("\t")
        if (len(f) == 2 and re.fullmatch(r"Q\d+", f[0]) and
                int(f[0][1:]) < BAND_QID_LIMIT):
            names.append(f[1])
    return names


def main():
    corpora, nsi, bands, names_git, words, conll = sys.argv[1:7]
    lower, capitalized = set(), set()
    for w in open(words, encoding="utf-8"):
        w = w.strip()
        if w and "'" not in w:
            (lower if w == w.lower() else capitalized).add(w.lower())
    # Words no list of names should read as one: days, months, "I", and
    # the gazetteer's countries, places and nationalities ("US Market",
    # "Monday Morning", "American Football").
    plain = {"i", "monday", "tuesday", "wednesday", "thursday", "friday",
             "saturday", "sunday", "january", "february", "march", "april",
             "may", "june", "july", "august", "september", "october",
             "november", "december", "mr", "mrs", "dr", "st"}
    here = __file__.rsplit("/", 1)[0] if "/" in __file__ else "."
    for line in open(here + "/gazetteer.tsv", encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) == 3 and f[0] in ("NORP", "COUNTRY", "GPE", "LOC"):
            for n in f[2].split("|"):
                plain.update(w.lower() for w in n.split())
    given = {n.lower() for n in json.loads(
        show(corpora, "data/humans/firstNames.json"))["firstNames"]}
    census = {}
    for path in ("names/dist.male.first", "names/dist.female.first",
                 "names/dist.all.last"):
        census[path] = show(names_git, path)
    for path in ("names/dist.male.first", "names/dist.female.first"):
        given.update(l.split()[0].lower()
                     for l in census[path].decode().splitlines() if l.strip())
    all_surnames = {l.split()[0].lower() for l in
                    census["names/dist.all.last"].decode().splitlines()
                    if l.strip()}
    surnames = {l.split()[0].lower() for l in
                census["names/dist.all.last"].decode().splitlines()
                [:SURNAME_RANKS]}
    person, place = conll_names(conll)

    def strong(name):
        ws = [re.sub(r"'s$", "", w.lower()) for w in name.split()]
        if ws[0] in given or ws[0] in person or name.lower() in place:
            return False
        if len(ws) == 1:
            # A one-word brand that is in no dictionary and no one's name
            # ("Ladbrokes", "T-Mobile"; not "Patagonia", "Tesla").
            return (len(name) >= 4 and not name.isupper() and
                    ws[0] not in lower and ws[0] not in capitalized and
                    ws[0] not in all_surnames and
                    ws[0] not in person and ws[0] not in place)
        # Every word capitalized: a sentence's first word is capitalized
        # anyway, and the gazetteer matches the rest in any case.
        return (len(ws) <= 4 and
                all(w[0].isupper() or w == "&" for w in name.split()) and
                any(w in lower for w in ws) and
                any(w not in lower and w not in plain for w in ws) and
                not all(w in person for w in ws))

    def person_like(name):
        """A person's name, or a word that is one: never read as a band's
        or a brand's ("Kate Bush", "Ferguson", "Bob")."""
        ws = [w.lower() for w in name.split()]
        if ws[0] in given or all(w in person or w in surnames for w in ws):
            return True
        # An acronym that is also a word ("MAN", "ME"): lower case keys.
        return name.isupper() and (ws[0] in lower or ws[0] in capitalized)

    sources = {"corpora": [], "nsi": [], "bands": []}
    lists = {
        "BAND": band_names(bands, sources["bands"]),
        "BRAND": corpora_names(corpora, sources["corpora"]) +
                 nsi_names(nsi, sources["nsi"]),
    }
    entries, weak = {}, {"BAND": set(), "BRAND": set()}
    for kind, names in lists.items():
        for raw in names:
            n = clean(raw)
            if not usable(n) or person_like(n):
                continue
            folded = "".join(c for c in unicodedata.normalize("NFKD", n)
                             if not unicodedata.combining(c))
            if kind == "BRAND" and strong(n):
                entries.setdefault(n.lower(), n)
                if " " not in n:
                    weak[kind].add(n)  # its plural is its products
            else:
                weak[kind].update({n, folded})
    with open(conll, "rb") as f:
        conll_sha = sha(f.read())
    print("# Organisations known by name (gen_orgs.py; see its comment for "
          "ORG, BAND and BRAND).")
    print("# Musical groups: labels of Wikidata items (CC0 1.0) that are "
          "instances of musical group (Q215380), numbered below Q%d,"
          % BAND_QID_LIMIT)
    print("#   as collected in https://github.com/diyclassics/fw-bandname-"
          "generator @ %s, %s sha256 %s." % ((head(bands),) +
                                             sources["bands"][0]))
    print("# Brands: https://github.com/osmlab/name-suggestion-index @ %s "
          "(BSD 3-Clause, Copyright 2026, name-suggestion-index "
          "contributors)," % head(nsi))
    print("#   areas %s; %s sha256 %s." % ((" ".join(sorted(NSI_AREAS)),) +
                                          sources["nsi"][0]))
    print("# Companies: https://github.com/dariusk/corpora @ %s (CC0 1.0):"
          % head(corpora))
    for path, digest in sources["corpora"]:
        print("#   %s sha256 %s" % (path, digest))
    print("# People's names: given names in dariusk/corpora "
          "data/humans/firstNames.json and in the 1990 US census (public "
          "domain),")
    print("#   https://github.com/treyhunner/names @ %s:" % head(names_git))
    for path, data in census.items():
        print("#   %s sha256 %s" % (path, sha(data)))
    print("#   the %d commonest census surnames, and CoNLL-2003 train's PER "
          "words (train.txt sha256 %s);" % (SURNAME_RANKS, conll_sha))
    print("#   with wamerican's words they decide which names are entries "
          "(ORG) and which are read only in context (BAND, BRAND).")
    ids = set()
    for low, n in sorted(entries.items()):
        i = "org:" + re.sub(r"[^0-9a-z]+", "_", low).strip("_")
        if i not in ids:
            ids.add(i)
            print("ORG\t%s\t%s" % (i, n))
    for kind in ("BAND", "BRAND"):
        names = sorted(weak[kind] - {n for n in entries.values() if " " in n})
        for i in range(0, len(names), 400):
            print("%s\t-\t%s" % (kind, "|".join(names[i:i + 400])))


if __name__ == "__main__":
    main()
