"""Deterministic generator of a company / people / deals graph for the benchmarks.

The graph looks like the curated one at scale: companies (with a sector, a city, rivals), people
who hold roles at companies, and investment deals as n-ary fact nodes (investor, investee, amount,
currency, date, source). Every entity and fact has an ``rdfs:label``, companies have a
``skos:altLabel`` and a one-sentence ``rdfs:comment``, and the vocabulary's properties carry
labels too, so the QA layer can put facts into words. The same ``--triples`` and ``--seed``
always give the same bytes.

Usage::

    .venv/bin/python bench/gen_graph.py --triples 1000000 --out /tmp/gen-1m.nt
    .venv/bin/python bench/gen_graph.py --triples 100000 --format ttl --out /tmp/gen-100k.ttl

From Python, :func:`ensure` writes a file into a cache folder once and returns its path.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
from pathlib import Path
from typing import Iterator

BASE = "https://bench.kgqa.dev/"
ID = BASE + "id/"
V = BASE + "vocab#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT_SOURCE = "http://purl.org/dc/terms/source"

SYLLABLES = ["al", "ber", "cor", "dan", "el", "fin", "gar", "hel", "ix", "jor", "kal", "lum",
             "mor", "nex", "or", "pra", "quin", "ros", "sol", "tor", "ul", "ver", "wen", "xan",
             "yor", "zel"]
SUFFIXES = ["Systems", "Labs", "Dynamics", "Capital", "Networks", "Robotics", "Analytics",
            "Energy", "Cloud", "Health"]
SECTORS = ["artificial intelligence", "cloud computing", "semiconductors", "biotech", "fintech",
           "energy", "logistics", "media", "retail", "security"]
CITIES = ["Seattle", "London", "Paris", "Berlin", "Tokyo", "Toronto", "Austin", "Dublin",
          "Singapore", "Zurich", "Bangalore", "Sydney"]
FIRST = ["Ada", "Bo", "Cyra", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kira", "Leo",
         "Mila", "Nour", "Otto", "Pia", "Quinn", "Rhea", "Sami", "Tess", "Uma", "Vik", "Wren",
         "Yara", "Zane"]
LAST = ["Abbott", "Brandt", "Castillo", "Dubois", "Eriksen", "Fischer", "Gupta", "Haddad",
        "Ito", "Jansen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov",
        "Quint", "Rossi", "Schmidt", "Tanaka", "Ueda", "Varga", "Weber", "Yilmaz", "Zhou"]
ROLES = ["chief executive", "chief technology officer", "board member", "chief financial officer",
         "head of research"]
ROUNDS = ["seed", "Series A", "Series B", "Series C", "strategic"]

VOCAB = [  # (local name, label, comment)
    ("Company", "company", "An organisation that makes or sells something."),
    ("Person", "person", "A human being."),
    ("City", "city", "A city where companies are based."),
    ("Sector", "sector", "A field of business."),
    ("Investment", "investment", "One investor putting money into one company."),
    ("Source", "source", "A document that reports facts."),
    ("worksFor", "works for", "The company where the person holds a role."),
    ("role", "role", "The person's job title."),
    ("basedIn", "based in", "The city where the company has its head office."),
    ("inSector", "in sector", "The field the company works in."),
    ("competesWith", "competes with", "A rival company."),
    ("investor", "investor", "Who put the money in."),
    ("investee", "investee", "Who received the money."),
    ("investedIn", "invested in", "A company this one has invested in."),
    ("amount", "amount", "How much was invested, in millions."),
    ("currency", "currency", "The currency of the amount."),
    ("date", "date", "When it happened."),
    ("round", "round", "The funding round."),
    ("founded", "founded", "The year the company was founded."),
]


def company_name(i: int) -> str:
    n, parts = i, []
    for _ in range(3):
        n, r = divmod(n, len(SYLLABLES))
        parts.append(SYLLABLES[r])
    stem = "".join(parts).capitalize()
    return f"{stem} {SUFFIXES[n % len(SUFFIXES)]}" + (f" {n // len(SUFFIXES)}" if n >= len(SUFFIXES)
                                                      else "")


def person_name(i: int) -> str:
    n = i
    first, n = FIRST[n % len(FIRST)], n // len(FIRST)
    last, n = LAST[n % len(LAST)], n // len(LAST)
    return f"{first} {last}" + (f" {n + 1}" if n else "")


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _typed(value: str, dt: str) -> str:
    return f'"{value}"^^<{XSD}{dt}>'


def triples(n_triples: int, seed: int = 7) -> Iterator[tuple[str, str, str]]:
    """Yield about ``n_triples`` N-Triples terms ``(s, p, o)``, already written as N-Triples."""
    rng = random.Random(seed)
    count = 0

    def emit(s, p, o):
        nonlocal count
        count += 1
        return (s, p, o)

    label, comment = f"<{RDFS}label>", f"<{RDFS}comment>"
    typ = f"<{RDF_TYPE}>"
    for local, lab, com in VOCAB:
        yield emit(f"<{V}{local}>", label, _lit(lab))
        yield emit(f"<{V}{local}>", comment, _lit(com))
    for j, city in enumerate(CITIES):
        yield emit(f"<{ID}city/{j}>", typ, f"<{V}City>")
        yield emit(f"<{ID}city/{j}>", label, _lit(city))
    for j, sector in enumerate(SECTORS):
        yield emit(f"<{ID}sector/{j}>", typ, f"<{V}Sector>")
        yield emit(f"<{ID}sector/{j}>", label, _lit(sector))
    for j in range(20):
        src = f"<{ID}source/{j}>"
        yield emit(src, typ, f"<{V}Source>")
        yield emit(src, label, _lit(f"Industry Bulletin issue {j + 1}"))

    # One unit: a company, three people, one deal (~35 triples).
    i = 0
    while count < n_triples:
        c = f"<{ID}company/{i}>"
        name = company_name(i)
        sector = rng.randrange(len(SECTORS))
        city = rng.randrange(len(CITIES))
        yield emit(c, typ, f"<{V}Company>")
        yield emit(c, label, _lit(name))
        yield emit(c, f"<{SKOS_ALT}>", _lit(name.split()[0].upper()[:4] + str(i)))
        yield emit(c, comment, _lit(f"{name} is a {SECTORS[sector]} company based in "
                                    f"{CITIES[city]}."))
        yield emit(c, f"<{V}inSector>", f"<{ID}sector/{sector}>")
        yield emit(c, f"<{V}basedIn>", f"<{ID}city/{city}>")
        yield emit(c, f"<{V}founded>", _typed(str(1950 + rng.randrange(74)), "gYear"))
        if i:
            yield emit(c, f"<{V}competesWith>", f"<{ID}company/{rng.randrange(i)}>")
        for k in range(3):
            pid = 3 * i + k
            p = f"<{ID}person/{pid}>"
            yield emit(p, typ, f"<{V}Person>")
            yield emit(p, label, _lit(person_name(pid)))
            yield emit(p, f"<{V}worksFor>", c)
            yield emit(p, f"<{V}role>", _lit(ROLES[(i + k) % len(ROLES)]))
            yield emit(p, f"<{DCT_SOURCE}>", f"<{ID}source/{rng.randrange(20)}>")
        if i:
            investor = rng.randrange(i)
            d = f"<{ID}deal/{i}>"
            amount = rng.randrange(1, 20000)
            year = 1995 + rng.randrange(30)
            month, day = 1 + rng.randrange(12), 1 + rng.randrange(28)
            yield emit(d, typ, f"<{V}Investment>")
            yield emit(d, label, _lit(f"{company_name(investor)} invested {amount} million USD "
                                      f"in {name}"))
            yield emit(d, f"<{V}investor>", f"<{ID}company/{investor}>")
            yield emit(d, f"<{V}investee>", c)
            yield emit(d, f"<{V}amount>", _typed(str(amount), "decimal"))
            yield emit(d, f"<{V}currency>", _lit("USD"))
            yield emit(d, f"<{V}date>", _typed(f"{year}-{month:02d}-{day:02d}", "date"))
            yield emit(d, f"<{V}round>", _lit(ROUNDS[rng.randrange(len(ROUNDS))]))
            yield emit(d, f"<{DCT_SOURCE}>", f"<{ID}source/{rng.randrange(20)}>")
            yield emit(f"<{ID}company/{investor}>", f"<{V}investedIn>", c)
        i += 1


def write(path: Path, n_triples: int, seed: int = 7) -> int:
    """Write the graph to ``path`` (.nt or .ttl: the N-Triples lines are valid Turtle too).

    Returns the number of triples written. Writes to a temporary name first, so a half-written
    file never passes for a finished one.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".part")
    n = 0
    with open(tmp, "w", encoding="utf-8") as out:
        buf = []
        for s, p, o in triples(n_triples, seed):
            buf.append(f"{s} {p} {o} .\n")
            n += 1
            if len(buf) >= 10000:
                out.write("".join(buf))
                buf.clear()
        out.write("".join(buf))
    os.replace(tmp, path)
    return n


def data_dir() -> Path:
    """Where generated graphs are cached: $KGQA_BENCH_DATA or a folder in the system temp dir."""
    return Path(os.environ.get("KGQA_BENCH_DATA") or Path(tempfile.gettempdir()) / "kgqa-bench")


def ensure(n_triples: int, fmt: str = "nt", seed: int = 7) -> Path:
    """The path of a generated graph of about ``n_triples``, writing it on first use."""
    path = data_dir() / f"gen-{n_triples}-s{seed}.{fmt}"
    if not path.exists():
        write(path, n_triples, seed)
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--format", choices=["nt", "ttl"], default="nt")
    ap.add_argument("--out", type=Path, help="output file (default: the cache folder)")
    args = ap.parse_args()
    out = args.out or data_dir() / f"gen-{args.triples}-s{args.seed}.{args.format}"
    n = write(out, args.triples, args.seed)
    print(f"wrote {n} triples to {out}")


if __name__ == "__main__":
    main()
