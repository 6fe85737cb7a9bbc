#!/usr/bin/env python3
"""Write ``ontology/kg.ttl``, the curated Microsoft–OpenAI graph, from the data tables at the end of this script.

Run ``python ontology/build_kg.py`` after editing the data; commit the regenerated ``kg.ttl``.
The package never runs this script: the Turtle file is the artefact, this is how it is kept tidy.

Output is deterministic (subjects in the order the data defines them, predicates in the order
they were added), so a diff of kg.ttl shows exactly what a data edit changed.

The builder checks the data model of docs/DESIGN.md while it writes: every class and property
it uses must exist in ontology.ttl, every fact node needs a label, a source and a status, every
object-valued role must point at a defined node, and every direct entity-to-entity shortcut must
be backed by a fact node that links both ends or else gets an ``rdf:Statement`` with a source.
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from pathlib import Path

import rdflib

HERE = Path(__file__).resolve().parent

PREFIXES = {
    "kg": "https://kgqa.dev/id/",
    "kgqa": "https://kgqa.dev/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "owl": "http://www.w3.org/2002/07/owl#",
}
CURIE = re.compile(r"^(kg|kgqa|rdf|rdfs|xsd|skos|prov|dcterms|schema|owl):[A-Za-z][A-Za-z0-9_\-]*$")
STATUSES = {"Confirmed", "Reported", "Estimated", "Speculation"}


class Typed:
    """A literal with a datatype (``xsd:date`` and friends)."""

    def __init__(self, value: str, datatype: str):
        self.value, self.datatype = value, datatype

    def turtle(self) -> str:
        return f'"{self.value}"^^{self.datatype}'


def D(value: str) -> Typed:
    """A date: YYYY-MM-DD as xsd:date, YYYY-MM as xsd:gYearMonth, YYYY as xsd:gYear."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Typed(value, "xsd:date")
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return Typed(value, "xsd:gYearMonth")
    if re.fullmatch(r"\d{4}", value):
        return Typed(value, "xsd:gYear")
    raise ValueError(f"not a date: {value!r}")


def N(value) -> Typed:
    """An xsd:decimal, written without exponent."""
    return Typed(format(Decimal(str(value)), "f"), "xsd:decimal")


def I(value: int) -> Typed:
    return Typed(str(int(value)), "xsd:integer")


def _lit(text: str) -> str:
    esc = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{esc}"'


class Builder:
    """Collects triples in definition order and checks them against the ontology."""

    def __init__(self, ontology_path: Path):
        self.onto = rdflib.Graph().parse(ontology_path, format="turtle")
        self.triples: list[tuple[str, str, object]] = []
        self.seen: set[tuple] = set()
        self.defined: set[str] = set()          # kg: ids with a type
        self.facts: dict[str, set[str]] = {}    # fact id -> kg ids it links
        self.links: list[tuple[str, str, str, str | None, tuple, str | None]] = []
        self.stmt_n = 0

    # ---- low level ----------------------------------------------------------------------------
    def expand(self, curie: str) -> rdflib.URIRef:
        pfx, local = curie.split(":", 1)
        return rdflib.URIRef(PREFIXES[pfx] + local)

    def name(self, id_: str) -> str:
        """The rdfs:label already given to a node, for writing readable statement labels."""
        s = self.iri(id_)
        for ss, p, o in self.triples:
            if ss == s and p == "rdfs:label":
                return o
        raise ValueError(f"{id_} has no label yet")

    def curie(self, iri) -> str:
        for pfx, ns in PREFIXES.items():
            if str(iri).startswith(ns):
                return f"{pfx}:{str(iri)[len(ns):]}"
        return str(iri)

    def known_term(self, curie: str) -> bool:
        if not curie.startswith("kgqa:"):
            return True
        return (self.expand(curie), None, None) in self.onto

    def iri(self, ref: str) -> str:
        """A reference to a node: ``kgqa:X`` / ``rdf:...`` as is, a bare id as ``kg:id``."""
        if ":" in ref:
            if not CURIE.match(ref):
                raise ValueError(f"bad CURIE {ref!r}")
            return ref
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_\-]*", ref):
            raise ValueError(f"bad id {ref!r}")
        return "kg:" + ref

    def add(self, s: str, p: str, o) -> None:
        if not self.known_term(p):
            raise ValueError(f"{s}: property {p} is not in ontology.ttl")
        key = (s, p, o.turtle() if isinstance(o, Typed) else o)
        if key in self.seen:
            return
        self.seen.add(key)
        self.triples.append((s, p, o))

    def obj(self, value) -> object:
        """Python value -> object term: Typed, IRI marker ('@kg:..'), or plain string."""
        if isinstance(value, Typed):
            return value
        if isinstance(value, bool):
            return Typed("true" if value else "false", "xsd:boolean")
        if isinstance(value, int):
            return I(value)
        if isinstance(value, (float, Decimal)):
            return N(value)
        return str(value)

    # ---- nodes --------------------------------------------------------------------------------
    def entity(self, id_: str, types, label: str, comment: str, alts=(), src=(), **props):
        s = self.iri(id_)
        for t in ([types] if isinstance(types, str) else types):
            t = t if ":" in t else "kgqa:" + t
            if not self.known_term(t):
                raise ValueError(f"{id_}: class {t} is not in ontology.ttl")
            self.add(s, "rdf:type", "@" + t)
        self.add(s, "rdfs:label", label)
        for a in alts:
            self.add(s, "skos:altLabel", a)
        self.add(s, "rdfs:comment", comment)
        for src_id in src:
            self.add(s, "dcterms:source", "@" + self.iri(src_id))
        self._props(s, props)
        self.defined.add(s)
        return s

    def source(self, id_: str, title: str, publisher: str | None, date: str | None, url: str | None,
               tier: str, *, host: str | None = None, note: str | None = None, creators=()):
        s = self.iri(id_)
        self.add(s, "rdf:type", "@kgqa:Source")
        self.add(s, "dcterms:title", title)
        if publisher:
            self.add(s, "dcterms:publisher", "@" + self.iri(publisher))
        if date:
            self.add(s, "dcterms:date", D(date))
        if url:
            self.add(s, "schema:url", Typed(url, "xsd:anyURI"))
        if tier not in {"T1", "T2", "T3"}:
            raise ValueError(f"{id_}: tier must be T1..T3")
        self.add(s, "kgqa:reliabilityTier", tier)
        if host:
            self.add(s, "kgqa:host", host)
        if note:
            self.add(s, "kgqa:sourceNote", note)
        for c in creators:
            self.add(s, "dcterms:creator", "@" + self.iri(c))
        self.defined.add(s)
        return s

    def fact(self, id_: str, cls: str, label: str, src, status: str, **props):
        s = self.iri(id_)
        cls = cls if ":" in cls else "kgqa:" + cls
        if not self.known_term(cls):
            raise ValueError(f"{id_}: class {cls} is not in ontology.ttl")
        if not src:
            raise ValueError(f"{id_}: a fact needs at least one source")
        if status not in STATUSES:
            raise ValueError(f"{id_}: status must be one of {sorted(STATUSES)}")
        self.add(s, "rdf:type", "@" + cls)
        self.add(s, "rdfs:label", label)
        for src_id in ([src] if isinstance(src, str) else src):
            self.add(s, "dcterms:source", "@" + self.iri(src_id))
        self.add(s, "kgqa:status", "@kgqa:" + status)
        self._props(s, props)
        self.defined.add(s)
        linked = {o[1:] for (ss, p, o) in self.triples if ss == s and isinstance(o, str)
                  and o.startswith("@kg:")}
        self.facts[s] = linked
        return s

    def is_object_property(self, p: str) -> bool:
        if p in {"dcterms:creator", "dcterms:subject", "prov:wasDerivedFrom"}:
            return True
        return (self.expand(p), rdflib.RDF.type, rdflib.OWL.ObjectProperty) in self.onto

    def _props(self, s: str, props: dict) -> None:
        """Keyword properties: ``amount=N(..)`` is kgqa:amount; ``dcterms__x`` is dcterms:x.

        Values of object properties are node ids; everything else is a literal.
        """
        for key, values in props.items():
            p = key.replace("__", ":") if "__" in key else "kgqa:" + key
            obj_prop = self.is_object_property(p)
            for v in (values if isinstance(values, (list, tuple)) else [values]):
                if v is None:
                    continue
                if obj_prop:
                    if not isinstance(v, str):
                        raise ValueError(f"{s} {p}: expected a node id, got {v!r}")
                    self.add(s, p, "@" + self.iri(v))
                else:
                    if isinstance(v, str) and CURIE.match(v):
                        raise ValueError(f"{s} {p}: {v!r} looks like a node but {p} is a "
                                         "datatype property")
                    self.add(s, p, self.obj(v))

    def link(self, s_id: str, p: str, o_id: str, *, by: str | None = None, src=(),
             status: str | None = None, label: str | None = None):
        """A direct shortcut triple, backed by fact ``by`` or by an rdf:Statement."""
        s, o = self.iri(s_id), self.iri(o_id)
        p = p if ":" in p else "kgqa:" + p
        self.add(s, p, "@" + o)
        self.links.append((s, p, o, by and self.iri(by), tuple(src), status, label))

    def finish(self) -> None:
        """Back every shortcut and check every reference points at a defined node."""
        # Every shortcut also gets an rdf:Statement, even when a fact node backs it, so that
        # provenance lookup (docs/DESIGN.md, step 2) lands on the fact that was meant rather than
        # on whichever other fact happens to mention both ends.
        for s, p, o, by, src, status, label in self.links:
            if by:
                if by not in self.facts:
                    raise ValueError(f"{s} {p} {o}: backing fact {by} is not defined")
                if not {s, o} <= self.facts[by]:
                    raise ValueError(f"{s} {p} {o}: fact {by} does not link both ends")
                fact = [(pp, oo) for ss, pp, oo in self.triples if ss == by]
                src = tuple(oo[1:] for pp, oo in fact if pp == "dcterms:source")
                status = next(oo[len("@kgqa:"):] for pp, oo in fact if pp == "kgqa:status")
                label = label or next(oo for pp, oo in fact if pp == "rdfs:label")
            elif not src or status not in STATUSES:
                raise ValueError(f"{s} {p} {o}: needs by=FACT or src+status")
            self.stmt_n += 1
            st = f"kg:stmt_{s[3:]}_{p.split(':')[1]}_{o[3:]}"
            if any(t[0] == st for t in self.triples):
                continue  # the same shortcut backed twice: the first backing wins
            self.add(st, "rdf:type", "@rdf:Statement")
            self.add(st, "rdf:subject", "@" + s)
            self.add(st, "rdf:predicate", "@" + p)
            self.add(st, "rdf:object", "@" + o)
            if label:
                self.add(st, "rdfs:label", label)
            if by:
                self.add(st, "kgqa:backedBy", "@" + by)
            for src_id in src:
                self.add(st, "dcterms:source", "@" + self.iri(src_id))
            self.add(st, "kgqa:status", "@kgqa:" + status)
        shortcuts = {self.curie(x) for x in self.onto.transitive_subjects(
            rdflib.RDFS.subPropertyOf, self.expand("kgqa:relatedTo"))}
        linked = {(s, p, o) for s, p, o, *_ in self.links}
        for s, p, o in self.triples:
            if isinstance(o, str) and o.startswith("@kg:") and o[1:] not in self.defined:
                raise ValueError(f"{s} {p}: {o[1:]} is never defined")
            if p in shortcuts and (s, p, o[1:]) not in linked:
                raise ValueError(f"{s} {p} {o}: shortcut triples must be added with link()")

    def turtle(self, header: str) -> str:
        order: list[str] = []
        by_subject: dict[str, list[tuple[str, object]]] = {}
        for s, p, o in self.triples:
            if s not in by_subject:
                order.append(s)
                by_subject[s] = []
            by_subject[s].append((p, o))
        out = [header.rstrip(), ""]
        out += [f"@prefix {k}: <{v}> ." for k, v in PREFIXES.items()]
        out.append("")
        for s in order:
            out.append(s)
            pos = by_subject[s]
            for i, (p, o) in enumerate(pos):
                if isinstance(o, Typed):
                    term = o.turtle()
                elif isinstance(o, str) and o.startswith("@"):
                    term = o[1:]
                else:
                    term = _lit(o)
                pred = "a" if p == "rdf:type" else p
                end = " ." if i == len(pos) - 1 else " ;"
                out.append(f"    {pred} {term}{end}")
            out.append("")
        return "\n".join(out)


HEADER = """\
# kgqa curated graph: the Microsoft–OpenAI relationship.
# GENERATED by ontology/build_kg.py (the data tables are in that script); edit it, then rerun:
#     python ontology/build_kg.py
# Every fact node carries dcterms:source and kgqa:status; every direct entity-to-entity triple is
# backed by a fact node linking both ends or by an rdf:Statement with its own source and status.
# All wording is the project's own; the commentary article is cited as kg:src_article."""


# =============================================================================================
# The data. Wording is our own throughout; nothing here is copied from the commentary article.
# =============================================================================================

def populate(b: Builder) -> None:
    """Every entity, source and fact of the curated graph, section by section."""
    entities(b)
    sources(b)
    investments(b)
    people_and_roles(b)
    products_and_integrations(b)
    crisis_and_board(b)
    dependencies_and_leverage(b)
    rivals_and_diversification(b)
    agreements_and_terms(b)
    regulators(b)
    reports_and_negotiation(b)
    article_reasoning(b)


def entities(b: Builder) -> None:
    E = b.entity
    # ---- the two principals and their corporate relatives
    E("Microsoft", ["Company", "CloudProvider"], "Microsoft",
      "US software and cloud company, OpenAI's largest backer and the operator of Azure.",
      alts=["MSFT", "Microsoft Corp", "Microsoft Corporation", "Microsoft Corp."],
      src=["src_fortune_2019", "src_sec_10q_2025"])
    E("OpenAI", ["AILab", "Company"], "OpenAI",
      "US AI lab that builds the GPT models and ChatGPT, founded as a nonprofit and later given a for-profit arm.",
      alts=["Open AI", "OpenAI Inc", "the ChatGPT maker"],
      src=["src_openai_lp_2019", "src_openai_2025_10_28"])
    E("OpenAI_LP", ["Company"], "OpenAI LP",
      "Capped-profit limited partnership set up in 2019 under OpenAI's nonprofit; Microsoft's 2019 money went into it.",
      alts=["OpenAI capped-profit company", "OpenAI Global"], src=["src_openai_lp_2019"])
    E("OpenAI_Nonprofit", ["Nonprofit"], "OpenAI nonprofit",
      "The original nonprofit parent of OpenAI whose board controls the for-profit arm; renamed the OpenAI Foundation in 2025.",
      alts=["OpenAI Foundation", "OpenAI, Inc. (nonprofit)", "the OpenAI nonprofit board"],
      src=["src_openai_lp_2019", "src_openai_2025_10_28"])
    E("OpenAI_Group_PBC", ["Company"], "OpenAI Group PBC",
      "Public benefit corporation that OpenAI's for-profit arm became in the October 2025 recapitalisation.",
      alts=["OpenAI PBC", "OpenAI public benefit corporation"], src=["src_openai_2025_10_28"])
    E("GitHub", ["Company"], "GitHub",
      "Code-hosting company owned by Microsoft that sells GitHub Copilot.",
      alts=["GitHub Inc"], src=["src_github_docs_billing"])
    E("MicrosoftAI", ["Organisation"], "Microsoft AI",
      "Consumer-AI division Microsoft formed in March 2024 under Mustafa Suleyman, covering Copilot, Bing and Edge.",
      alts=["MAI", "Microsoft AI division"], src=["src_register_2024_03_19"])
    # ---- rival labs, clouds and their owners
    E("Google", ["Company", "CloudProvider"], "Google",
      "Alphabet's search and cloud company, owner of Google Cloud and an investor in Anthropic.",
      alts=["Google LLC"], src=["src_axios_2023_10_30"])
    E("Alphabet", ["Company"], "Alphabet",
      "Parent company of Google and of Google DeepMind.", alts=["Alphabet Inc", "GOOGL"],
      src=["src_9to5google_2023_04_20"])
    E("GoogleDeepMind", ["AILab"], "Google DeepMind",
      "Alphabet's AI lab formed in April 2023 from DeepMind and Google Brain, led by Demis Hassabis; an OpenAI rival.",
      alts=["DeepMind", "Google's DeepMind", "GDM"], src=["src_9to5google_2023_04_20"])
    E("DeepMind", ["AILab"], "DeepMind (2010–2023)",
      "London AI lab co-founded by Demis Hassabis and Mustafa Suleyman, merged into Google DeepMind in 2023.",
      alts=["original DeepMind"], src=["src_9to5google_2023_04_20", "src_register_2024_03_19"])
    E("GoogleBrain", ["AILab"], "Google Brain",
      "Google's former AI research team, merged with DeepMind in April 2023.",
      src=["src_9to5google_2023_04_20"])
    E("Anthropic", ["AILab", "Company"], "Anthropic",
      "AI lab founded in 2021 by former OpenAI staff, funded by Amazon and Google; a rival to OpenAI.",
      alts=["Anthropic PBC", "Claude maker"], src=["src_axios_2023_10_30", "src_ndtv_2024_11_22"])
    E("Amazon", ["Company", "CloudProvider"], "Amazon",
      "US retail and cloud company, owner of AWS and Anthropic's largest investor.",
      alts=["Amazon.com", "AMZN"], src=["src_ndtv_2024_11_22"])
    E("MistralAI", ["AILab", "Company"], "Mistral AI",
      "Paris AI lab that Microsoft partnered with and invested in during February 2024; an OpenAI rival.",
      alts=["Mistral", "Mistral AI SAS"], src=["src_dailymaverick_2024_02_26"])
    E("InflectionAI", ["AILab", "Company"], "Inflection AI",
      "AI start-up co-founded by Mustafa Suleyman whose leaders and several staff moved to Microsoft in March 2024.",
      alts=["Inflection"], src=["src_register_2024_03_19"])
    E("Meta", ["Company"], "Meta",
      "Owner of Facebook and a builder of AI models, listed by Microsoft as an AI competitor.",
      alts=["Meta Platforms", "Facebook"], src=["src_entrepreneur_2024_08_01"])
    E("Apple", ["Company"], "Apple",
      "US device maker that did not take up an expected OpenAI board observer role in 2024.",
      alts=["Apple Inc"], src=["src_quartz_observer"])
    E("NVIDIA", ["Company"], "NVIDIA",
      "US maker of the GPUs used to train AI models; an OpenAI investor and a Stargate technology partner.",
      alts=["Nvidia", "NVDA"], src=["src_ndtv_2024_10_02", "src_itweb_2025_01_22"])
    E("SoftBank", ["InvestmentFirm"], "SoftBank",
      "Japanese investment group that backs OpenAI and carries financial responsibility for Stargate.",
      alts=["SoftBank Group", "Softbank"], src=["src_itweb_2025_01_22"])
    E("Oracle", ["Company", "CloudProvider"], "Oracle",
      "US database and cloud company, an equity funder and technology partner of Stargate.",
      alts=["Oracle Corp", "Oracle Cloud"], src=["src_itweb_2025_01_22"])
    E("MGX", ["InvestmentFirm"], "MGX",
      "Abu Dhabi technology investor, an equity funder of Stargate and a participant in OpenAI's 2024 round.",
      src=["src_itweb_2025_01_22"])
    E("Arm", ["Company"], "Arm",
      "Chip-design company named as one of Stargate's initial technology partners.",
      alts=["Arm Holdings", "ARM"], src=["src_itweb_2025_01_22"])
    E("ThriveCapital", ["InvestmentFirm"], "Thrive Capital",
      "Venture firm that led OpenAI's October 2024 funding round.", alts=["Thrive"],
      src=["src_ndtv_2024_10_02"])
    E("Stargate", ["Company"], "Stargate",
      "Company launched in January 2025 to build AI infrastructure in the US for OpenAI, funded by SoftBank, OpenAI, Oracle and MGX.",
      alts=["Stargate Project", "Stargate LLC"], src=["src_itweb_2025_01_22"])
    E("Windsurf", ["Company"], "Windsurf",
      "AI coding start-up valued at about $3 billion that OpenAI planned to buy in 2025.",
      alts=["Codeium"], src=["src_ft_2025_06_18"])
    E("Twitch", ["Company"], "Twitch",
      "Live-streaming company that Emmett Shear ran before his brief spell as OpenAI's interim CEO.",
      src=["src_businesstoday_2023_11_20a"])
    # ---- regulators
    E("UK_CMA", ["Regulator"], "UK Competition and Markets Authority",
      "Britain's competition regulator, which looked at Microsoft's ties to OpenAI, Mistral AI and Inflection AI.",
      alts=["CMA", "Competition and Markets Authority", "UK competition regulator"],
      src=["src_cna_2025_03_05"])
    E("EuropeanCommission", ["Regulator"], "European Commission",
      "The EU's executive, which examined deals between big digital firms and generative-AI developers in 2024.",
      alts=["EC", "EU Commission", "Brussels"], src=["src_itpro_mistral"])
    E("US_FTC", ["Regulator"], "US Federal Trade Commission",
      "US competition and consumer-protection agency whose scrutiny of AI partnerships the press cited in 2024.",
      alts=["FTC", "Federal Trade Commission"], src=["src_kvia_2024_07_10"])
    E("CaliforniaAG", ["Regulator"], "California Attorney General",
      "State law officer whose talks with OpenAI shaped its May 2025 decision to keep nonprofit control.",
      alts=["California attorney general"], src=["src_shropshire_2025_05_05"])
    E("DelawareAG", ["Regulator"], "Delaware Attorney General",
      "State law officer whose talks with OpenAI shaped its May 2025 decision to keep nonprofit control.",
      alts=["Delaware attorney general"], src=["src_shropshire_2025_05_05"])
    E("US_SEC", ["Regulator"], "US Securities and Exchange Commission",
      "US markets regulator with which Microsoft files the 10-K and 10-Q reports cited here.",
      alts=["SEC", "Securities and Exchange Commission"], src=["src_sec_10q_2025"])
    # ---- places
    E("Redmond", ["Place"], "Redmond, Washington",
      "City in Washington state where Microsoft has its headquarters.", alts=["Redmond"],
      src=["src_pureai_2023_02"])
    E("Paris", ["Place"], "Paris", "Capital of France and home of Mistral AI.",
      src=["src_dailymaverick_2024_02_26"])
    E("UnitedStates", ["Place"], "United States", "Country where Microsoft, OpenAI and Stargate are based.",
      alts=["US", "USA", "America"], src=["src_itweb_2025_01_22"])
    E("UnitedKingdom", ["Place"], "United Kingdom", "Country whose CMA reviewed Microsoft's AI deals.",
      alts=["UK", "Britain"], src=["src_cna_2025_03_05"])
    E("EuropeanUnion", ["Place"], "European Union", "Bloc whose Commission examined AI partnerships.",
      alts=["EU", "Europe"], src=["src_itpro_mistral"])
    E("WhiteHouse", ["Place"], "White House", "Washington residence of the US president, where Stargate was unveiled.",
      src=["src_itweb_2025_01_22"])


def outlets(b: Builder) -> None:
    """Publishers of the sources: news outlets, blogs and the companies' own channels."""
    E = b.entity
    rows = [
        ("FT", "Financial Times", ["FT", "the FT", "Financial Times Ltd"], "London business daily whose June 2025 report said Microsoft was ready to quit the OpenAI talks."),
        ("Reuters", "Reuters", ["Reuters news agency", "Thomson Reuters"], "International news wire that relayed the FT's walk-away report the same day."),
        ("Bloomberg", "Bloomberg", ["Bloomberg News", "Bloomberg LP"], "Financial news service behind several figures in the graph, such as $13.75B and the AGI profit test."),
        ("WSJ", "The Wall Street Journal", ["WSJ", "Wall Street Journal", "the Journal"], "US business daily that reported OpenAI weighing an antitrust complaint against Microsoft."),
        ("TheInformation", "The Information", ["Information"], "Tech news site that reported OpenAI's plan to cut Microsoft's revenue share and details of the AGI dispute."),
        ("AP", "Associated Press", ["AP", "the AP"], "US news wire whose stories on the observer seat and OpenAI's structure were re-posted by local outlets."),
        ("CNBC", "CNBC", [], "US business TV network and website that reported Microsoft's observer seat."),
        ("Fortune", "Fortune", ["Fortune magazine"], "US business magazine that carried Bloomberg's report of the 2019 investment."),
        ("USAToday", "USA Today", [], "US national newspaper that covered the 2019 investment."),
        ("PureAI", "PureAI", ["Pure AI"], "Trade site covering enterprise AI news."),
        ("ZDNet", "ZDNet", ["ZDNET"], "Technology news site."),
        ("TheNational", "The National", [], "Abu Dhabi-based English-language newspaper."),
        ("TheVerge", "The Verge", ["Verge"], "US technology news site."),
        ("Semafor", "Semafor", [], "US news site that reported the 2023 investment as about $10 billion."),
        ("AIWiki", "AI Wiki", [], "Wiki-style reference site about AI."),
        ("Grokipedia", "Grokipedia", [], "AI-written online encyclopedia."),
        ("CMSWire", "CMSWire", [], "Trade site on digital customer experience."),
        ("NoJitter", "No Jitter", [], "Informa trade site on enterprise communications."),
        ("WindowsForum", "WindowsForum", [], "Community forum about Windows and Microsoft products."),
        ("LavkeshDwivedi", "Lavkesh Dwivedi", [], "Author of a personal blog on enterprise technology."),
        ("GoodMenProject", "The Good Men Project", [], "Online magazine with general and technology features."),
        ("DanStroot", "Dan Stroot", [], "Author of a personal technology blog."),
        ("Dexerto", "Dexerto", [], "Entertainment and technology news site."),
        ("BusinessToday", "Business Today", [], "Indian business magazine and news site."),
        ("MetaversePost", "Metaverse Post", ["mpost"], "Technology news site."),
        ("Techlusive", "Techlusive", [], "Indian technology news site."),
        ("Shacknews", "Shacknews", [], "Gaming and technology news site."),
        ("SiliconUK", "Silicon UK", [], "British technology news site."),
        ("Voz", "Voz", [], "News site that relayed the FT's count of letter signatures."),
        ("Axios", "Axios", [], "US news site."),
        ("TheWrap", "TheWrap", [], "US entertainment and media news site."),
        ("Quartz", "Quartz", ["qz"], "US business news site."),
        ("GlobalData", "GlobalData", ["Current Analysis"], "Research firm whose analysts blog on technology deals."),
        ("TechTimes", "Tech Times", ["TechTimes"], "Technology news site."),
        ("ITPro", "ITPro", ["IT Pro"], "British IT news site."),
        ("Neowin", "Neowin", [], "Technology news site."),
        ("TechCrunch", "TechCrunch", [], "US start-up and technology news site."),
        ("AIFray", "ai fray", [], "Blog about AI competition policy."),
        ("ITWeb", "ITWeb", [], "South African technology news site."),
        ("Mint", "Mint", ["Livemint", "LiveMint"], "Indian business newspaper that often re-publishes WSJ stories."),
        ("CenterConsulting", "Center Consulting", [], "Consultancy that keeps an online timeline of AI milestones."),
        ("AllMind", "AllMind", [], "News aggregator site."),
        ("Fudzilla", "Fudzilla", [], "Technology news site that summarised the FT's walk-away report in detail."),
        ("Benzinga", "Benzinga", [], "US financial news site."),
        ("Quasa", "quasa.io", ["Quasa"], "Media site that summarised The Information's report on the stalled talks."),
        ("TheDecoder", "The Decoder", [], "AI news site that relayed FT reporting on the AGI clause."),
        ("IndustrialNewsToday", "Industrial News Today", [], "News aggregator site."),
        ("NWPR", "Northwest Public Broadcasting", ["NWPR", "KUOW"], "US public radio newsroom that covered Nadella's appointment."),
        ("BoingBoing", "Boing Boing", [], "US blog on technology and culture."),
        ("TheRegister", "The Register", ["El Reg"], "British technology news site."),
        ("Rappler", "Rappler", [], "Philippine news site."),
        ("HindustanTimes", "Hindustan Times", ["HT"], "Indian daily newspaper."),
        ("NineToFiveGoogle", "9to5Google", [], "News site about Google."),
        ("Entrepreneur", "Entrepreneur", [], "US business magazine."),
        ("MSFTUnboxed", "MSFT Unboxed", [], "Blog about Microsoft products."),
        ("SQMagazine", "SQ Magazine", [], "Technology news site."),
        ("Winaero", "Winaero", [], "Blog about Windows."),
        ("Vice", "Vice", ["VICE", "Motherboard"], "US digital media outlet."),
        ("Medium", "Medium", [], "Blogging platform."),
        ("IndiaToday", "India Today", [], "Indian news magazine and site."),
        ("IANS", "IANS", ["Indo-Asian News Service"], "Indian news agency."),
        ("Stratrix", "Stratrix", [], "Strategy analysis site."),
        ("OutlookBusiness", "Outlook Business", [], "Indian business magazine."),
        ("Macfarlanes", "Macfarlanes", [], "London law firm that publishes analysis of competition cases."),
        ("TMCnet", "TMCnet", [], "Technology trade site."),
        ("QuarkyByte", "QuarkyByte", [], "Technology news aggregator."),
        ("WindowsNewsAI", "windowsnews.ai", [], "Site about Windows and Microsoft AI products."),
        ("TheLedger", "The Ledger", [], "Site that tracks technology investment events."),
        ("TechTarget", "TechTarget", [], "US technology trade publisher."),
    ]
    for id_, label, alts, comment in rows:
        types = ["Person"] if id_ in {"LavkeshDwivedi", "DanStroot"} else ["NewsOutlet"]
        if id_ in {"GlobalData", "CenterConsulting", "Macfarlanes"}:
            types = ["Company"]
        E(id_, types, label, comment, alts=alts)


def sources(b: Builder) -> None:
    """Every document a fact rests on. Syndicated copies name the original publisher and the
    site that carries the copy (kgqa:host); titles marked 'inferred' come from the URL."""
    outlets(b)
    S = b.source
    inferred = "Title inferred from the URL; the page did not show one we could use."
    S("src_article", "Commentary: Microsoft was ready to walk away from its OpenAI talks (on the FT report)",
      None, None, None, "T3",
      note="An undated opinion piece that discusses the Financial Times report of 18 June 2025 and its "
           "Reuters pick-up; author and publisher are not named in the copy we hold. Its own "
           "reasoning is kept as speculation, its reporting as reported.")
    b.add("kg:src_article", "rdfs:label", "the commentary article on the FT walk-away report")
    b.add("kg:src_article", "rdfs:comment",
          "An opinion piece about the tense Microsoft–OpenAI talks; the project's main narrative source.")
    b.add("kg:src_article", "dcterms:references", "@kg:src_ft_2025_06_18")
    b.add("kg:src_article", "dcterms:references", "@kg:src_reuters_2025_06_18")
    # 1. investments
    S("src_fortune_2019", "Microsoft Invests $1 Billion in Partnership With Elon Musk's OpenAI", "Fortune",
      "2019-07-22", "https://fortune.com/2019/07/22/microsoft-openai-partnership", "T2",
      note="Written by Dina Bass of Bloomberg.")
    S("src_usatoday_2019", "Microsoft invests $1 billion to develop advanced AI technology", "USAToday",
      "2019-07-22", "https://www.usatoday.com/story/tech/2019/07/22/microsoft-invests-billion-to-develop-advanced-ai-technology/1794348001/",
      "T2", note=inferred)
    S("src_openai_blog_2019", "Microsoft invests in and partners with OpenAI to support us building beneficial AGI",
      "OpenAI", None,
      "https://ngocminhtran.com/2019/07/23/microsoft-invests-in-and-partners-with-openai-to-support-us-building-beneficial-agi/",
      "T1", host="ngocminhtran.com",
      note="OpenAI's own post, read from a mirror copy dated 2019-07-23; it uses the words exclusive cloud provider.")
    S("src_pureai_2023_01", "OpenAI-Microsoft Partnership Enters 'Phase 3'", "PureAI", "2023-01-23",
      "https://pureai.com/articles/2023/01/23/openai-microsoft-phase-3.aspx", "T3",
      note="Rated between an established outlet and a trade blog (T2/T3).")
    S("src_zdnet_2023_01", "Microsoft just made a huge investment in ChatGPT-maker OpenAI", "ZDNet", "2023-01-23",
      "https://www.zdnet.com/article/microsoft-just-made-a-huge-investment-in-chatgpt-maker-openai-heres-why/",
      "T2", note=inferred + " Cites Bloomberg for the $10B figure.")
    S("src_national_2023_01", "Microsoft announces multibillion-dollar investment in ChatGPT maker OpenAI",
      "TheNational", "2023-01-23",
      "https://www.thenationalnews.com/business/technology/2023/01/23/microsoft-announces-multibillion-dollar-investment-in-chatgpt-maker-openai/",
      "T2", note="Cites Semafor for the figure of about $10B.")
    S("src_verge_2023_01", "Microsoft extends OpenAI partnership in a 'multibillion dollar investment'",
      "TheVerge", "2023-01-23",
      "https://www.theverge.com/2023/1/23/23567448/microsoft-openai-partnership-extension-ai", "T2")
    S("src_sec_10q_2025", "Microsoft Form 10-Q, Note 17: Subsequent Event", "Microsoft", "2025-10-28",
      "https://www.sec.gov/Archives/edgar/data/789019/000119312525256321/R26.htm", "T1", host="sec.gov",
      note="Quarterly report for the period ended 2025-09-30; the date given is that of the subsequent-event note.")
    S("src_bloomberg_daily8_2025_07", "Microsoft's access to OpenAI tech is focus of contract talks", "Bloomberg",
      "2025-07", "https://www.daily8.com/en/article/2ceddb9935c7cd4823a0e3af3a1bb278", "T2",
      host="daily8.com", note="Bloomberg story re-posted in mid or late July 2025; gives $13.75B.")
    S("src_cnbc_2023_11_29", "Microsoft secures non-voting board seat at OpenAI", "CNBC", "2023-11-29",
      "https://www.cnbc.com/2023/11/29/microsoft-secures-non-voting-board-seat-at-openai-.html", "T2",
      note=inferred)
    # 2. products
    S("src_aiwiki_azure_openai", "Azure OpenAI", "AIWiki", None, "https://aiwiki.ai/wiki/azure_openai", "T3")
    S("src_grokipedia_azure_openai", "Azure OpenAI Service", "Grokipedia", None,
      "https://grokipedia.com/page/Azure_OpenAI_Service", "T3")
    S("src_pureai_2023_02", "Microsoft Unveils ChatGPT Strategy: AI-Enhanced Bing and Edge", "PureAI",
      "2023-02-07", "https://pureai.com/articles/2023/02/07/microsoft-launches-bing-with-chatgpt.aspx", "T3",
      note="Rated T2/T3.")
    S("src_cmswire_bing", "Is Microsoft's AI-driven Bing really better than ChatGPT", "CMSWire", None,
      "https://www.cmswire.com/digital-experience/is-microsofts-ai-driven-bing-really-better-than-chatgpt/",
      "T2", note=inferred)
    S("src_ms_support_bing", "The new Bing: our approach to responsible AI", "Microsoft", "2024-02",
      "https://support.microsoft.com/topic/the-new-bing-our-approach-to-responsible-ai-45b5eae8-7466-43e1-ae98-b48f8ff8fd44",
      "T1", note="Microsoft Support page, last updated February 2024; states the GPT-4 basis and the November 2023 rename.")
    S("src_scribd_copilot", "Microsoft Copilot (formerly Bing Chat Enterprise)", "Microsoft", None,
      "https://www.scribd.com/document/734483828/Copilot", "T1", host="scribd.com",
      note="Microsoft Learn documentation read from a copy on a document-sharing site.")
    S("src_windowsnews_copilot", "Microsoft Copilot: the evolution from Bing AI to advanced productivity",
      "WindowsNewsAI", None,
      "https://windowsnews.ai/article/microsoft-copilot-the-evolution-from-bing-ai-to-advanced-productivity.348333",
      "T3", note=inferred)
    S("src_nojitter_m365", "What is Microsoft 365 Copilot and How to Use It", "NoJitter", None,
      "https://www.nojitter.com/ai-automation/what-microsoft-365-copilot-and-how-use-it", "T2")
    S("src_windowsforum_m365", "Microsoft 365 Copilot Explained: the AI paywall for Word, Excel, Teams",
      "WindowsForum", None,
      "https://windowsforum.com/threads/microsoft-365-copilot-explained-the-ai-paywall-for-word-excel-teams.430608/",
      "T3", note="Gives 2023-11-01 as the general-availability date.")
    S("src_lavkesh_m365", "Microsoft 365 Copilot: the most ambitious enterprise AI", "LavkeshDwivedi", None,
      "https://lavkesh.com/articles/microsoft-365-copilot-the-most-ambitious-enterprise-ai-lavkesh-dwivedi-4a36ac",
      "T3", note=inferred + " Gives the $30 price.")
    S("src_goodmen_copilot", "Is Copilot the future of code writing?", "GoodMenProject", None,
      "https://goodmenproject.com/featured-content/is-copilot-the-future-of-code-writing/", "T3",
      note="Gives 29 June 2021 as the preview announcement.")
    S("src_stroot_copilot", "Mob Programming with 65 Million of Your Peers", "DanStroot", "2021-07-12",
      "https://www.danstroot.com/posts/2021-07-12-github-copilot", "T3")
    S("src_github_docs_billing", "About billing for GitHub Copilot", "GitHub", None,
      "https://docs.github.com/ru/billing/managing-billing-for-github-copilot/about-billing-for-github-copilot",
      "T1", note="GitHub Docs; gives the free preview window and individual pricing.")
    # 3. the November 2023 crisis
    S("src_verge_altman_timeline", "OpenAI and Sam Altman: the firing and the turmoil, a timeline", "TheVerge",
      None, "https://www.theverge.com/23966325/openai-sam-altman-fired-turmoil-chatgpt", "T2", note=inferred)
    S("src_dexerto_2023_11_17", "OpenAI removes Sam Altman as CEO, the board no longer has confidence",
      "Dexerto", "2023-11-17",
      "https://www.dexerto.com/tech/openai-removes-sam-altman-as-ceo-the-board-no-longer-has-confidence-2389910/",
      "T3", note="Rated T2/T3.")
    S("src_businesstoday_2023_11_20a", "Satya Nadella says outgoing OpenAI CEO Sam Altman will be joining Microsoft",
      "BusinessToday", "2023-11-20",
      "https://www.businesstoday.in/technology/news/story/microsoft-ceo-satya-nadella-says-outgoing-openai-ceo-sam-altman-will-be-joining-microsoft-406363-2023-11-20",
      "T2", note=inferred)
    S("src_mpost_2023_11_20", "OpenAI's Sam Altman and Greg Brockman join Microsoft to lead advanced AI research team",
      "MetaversePost", "2023-11-20",
      "https://mpost.io/openais-sam-altman-and-greg-brockman-join-microsoft-to-lead-advanced-ai-research-team-announces-ceo-satya-nadella/",
      "T3", note=inferred)
    S("src_techlusive_2023_11_20", "Microsoft hires ex-OpenAI leaders Sam Altman and Greg Brockman", "Techlusive",
      "2023-11-20", "https://www.techlusive.in/news/microsoft-hires-ex-openai-leaders-sam-altman-greg-brockman-1433495/",
      "T3", note=inferred + " Rated T2/T3.")
    S("src_shacknews_2023_11_20", "Sam Altman joins Microsoft AI research", "Shacknews", "2023-11-20",
      "https://www.shacknews.com/article/137845/sam-altman-joins-microsoft-ai-research", "T3",
      note=inferred + " Rated T2/T3.")
    S("src_siliconuk_2023_11_20", "OpenAI staff threaten to resign", "SiliconUK", "2023-11-20",
      "https://www.silicon.co.uk/e-innovation/artificial-intelligence/openai-staff-resign-540130", "T2",
      note=inferred + " Counts more than 500 of 770 staff.")
    S("src_businesstoday_2023_11_20b",
      "Nearly 500 OpenAI employees threaten to quit unless board resigns and re-appoints Sam Altman",
      "BusinessToday", "2023-11-20",
      "https://www.businesstoday.in/technology/story/nearly-500-openai-employees-threaten-to-quit-unless-board-resigns-re-appoints-sam-altman-406439-2023-11-20",
      "T2", note=inferred + " Counts 490 signatures.")
    S("src_voz_letter", "Hundreds of OpenAI employees threaten to resign and go to Microsoft after the firing of Sam Altman",
      "Voz", None,
      "https://voz.us/hundreds-of-openai-employees-threaten-to-resign-and-go-to-microsoft-after-the-firing-of-sam-altman/?lang=en",
      "T3", note=inferred + " Relays the FT's count of 747 of 770.")
    S("src_star_2024_01_06", "Microsoft executive Dee Templeton joins OpenAI board – Bloomberg News", "Reuters",
      "2024-01-06",
      "https://thestar.com.my/tech/tech-news/2024/01/06/microsoft-executive-dee-templeton-joins-openai-board---bloomberg-news",
      "T2", host="thestar.com.my", note="Reuters story carried by The Star; also says more than 700 staff signed the letter.")
    S("src_axios_2023_11_22", "Sam Altman to return to OpenAI", "Axios", "2023-11-22",
      "https://www.axios.com/2023/11/22/sam-altman-return-open-ai", "T2", note=inferred)
    S("src_businessline_2023_11_22", "Altman to return as OpenAI CEO with Taylor, Summers on new board", "Bloomberg",
      "2023-11-22",
      "https://www.thehindubusinessline.com/companies/altman-to-return-as-openai-ceo-with-taylor-summers-on-new-board/article67561151.ece",
      "T2", host="thehindubusinessline.com", note="Bloomberg story carried by The Hindu BusinessLine.")
    # 4. observer seat
    S("src_nasdaq_2023_11_29", "Microsoft to take non-voting, observer position on OpenAI's board", "Reuters",
      "2023-11-29", "https://www.nasdaq.com/articles/microsoft-to-take-non-voting-observer-position-on-openais-board",
      "T2", host="nasdaq.com")
    S("src_bnn_templeton", "Microsoft picks Dee Templeton as OpenAI board observer", "Bloomberg", "2024-01-05",
      "https://www.bnnbloomberg.ca/microsoft-picks-dee-templeton-as-openai-board-observer-1.2018395", "T2",
      host="bnnbloomberg.ca", note=inferred + " Both companies declined to comment.")
    S("src_verge_2024_01_05", "Microsoft's observer has reportedly joined the OpenAI board", "TheVerge",
      "2024-01-05", "https://www.theverge.com/2024/1/5/24027245/microsofts-observer-has-reportedly-joined-the-openai-board",
      "T2", note=inferred)
    S("src_kvia_2024_07_10", "Microsoft quits OpenAI board seat as antitrust scrutiny of AI partnerships intensifies",
      "AP", "2024-07-10",
      "https://kvia.com/news/2024/07/10/microsoft-quits-openai-board-seat-as-antitrust-scrutiny-of-ai-partnerships-intensifies/",
      "T2", host="kvia.com", note=inferred + " AP story carried by KVIA.")
    S("src_thewrap_2024_07_10", "Microsoft exits OpenAI board observer role", "TheWrap", "2024-07-10",
      "https://www.thewrap.com/microsoft-exits-openai-board-observer-role-chatgpt/", "T2", note=inferred)
    S("src_quartz_observer", "Microsoft and Apple are turning down OpenAI board seats as regulatory scrutiny grows",
      "Quartz", "2024-07",
      "https://sonicgame.netlify.app/host-https-qz.com/microsoft-openai-apple-observer-board-seats-antitrust-1851584300",
      "T2", host="sonicgame.netlify.app", note="A mirror copy of the Quartz story.")
    # 5. Mistral
    S("src_dailymaverick_2024_02_26", "Microsoft strikes deal with France's Mistral, OpenAI rival", "Bloomberg",
      "2024-02-26", "https://www.dailymaverick.co.za/article/2024-02-26-microsoft-strikes-deal-with-frances-mistral-openai-rival/",
      "T2", host="dailymaverick.co.za", note=inferred + " Bloomberg story carried by Daily Maverick.")
    S("src_globaldata_2024_02_28", "Three is a crowd: Microsoft strikes sweetheart deal with Mistral while OpenAI trains GPT-5",
      "GlobalData", "2024-02-28",
      "https://itcblogs.currentanalysis.com/2024/02/28/three-is-a-crowd-microsoft-strikes-sweetheart-deal-with-mistral-while-openai-trains-gpt-5/",
      "T2", note=inferred + " Gives EUR 15M.")
    S("src_techtimes_2024_03_03", "Microsoft and Mistral AI's multi-million euro partnership to reshape the AI landscape",
      "TechTimes", "2024-03-03",
      "https://www.techtimes.com/articles/302240/20240303/microsoft-mistral-ais-multi-million-euro-partnership-reshape-ai-landscape.htm",
      "T3", note=inferred + " Rated T2/T3.")
    S("src_itpro_mistral", "Microsoft swerves CMA investigation into Mistral AI deal", "ITPro", "2024-05",
      "https://www.itpro.com/business/policy-and-legislation/microsoft-swerves-cma-investigation-into-mistral-ai-deal",
      "T2", note="Covers the European Commission's statement and the CMA decision.")
    S("src_cnbc_mistral_cma", "Microsoft's Mistral partnership avoids merger probe by British regulators", "CNBC",
      "2024-05", "https://prchief.com/microsofts-mistral-partnership-avoids-merger-probe-by-british-regulators",
      "T2", host="prchief.com", note="A copy of the CNBC story.")
    # 6. January 2025
    S("src_neowin_2025_01_22", "Microsoft and OpenAI announce key change to their multi-year partnership", "Neowin",
      "2025-01-22", "https://www.neowin.net/news/microsoft-and-openai-announce-key-change-to-their-multi-year-partnership/",
      "T2", note=inferred + " Reports Microsoft's blog post of 21 January 2025.")
    S("src_techcrunch_2025_01_22", "Microsoft is no longer OpenAI's exclusive cloud provider", "TechCrunch",
      "2025-01-22", "https://www.drydeadfish.co.uk/microsoft-is-no-longer-openais-exclusive-cloud-provider/",
      "T2", host="drydeadfish.co.uk", note="A copy derived from the TechCrunch story.")
    S("src_aifray_2025_01", "Adjustments to the Microsoft-OpenAI partnership and Stargate mean more openness",
      "AIFray", "2025-01",
      "https://aifray.com/adjustments-to-microsoft-openai-partnership-and-stargate-mean-more-openness-even-less-reason-for-competition-concern",
      "T3", note=inferred + " Gives 21 January 2025 as the date of Microsoft's blog post.")
    S("src_itweb_2025_01_22", "Trump launches $500bn AI behemoth Stargate", "ITWeb", "2025-01-22",
      "https://www.itweb.co.za/article/trump-launches-500bn-ai-behemoth-stargate/DZQ58vV8YGyMzXy2", "T2")
    S("src_mint_2025_01_22", "OpenAI, SoftBank and Oracle unveil $500 billion AI infrastructure project in the US",
      "Mint", "2025-01-22",
      "https://www.livemint.com/ai/artificial-intelligence/openai-softbank-and-oracle-donald-trump-500-billion-ellison-ai-infrastructure-project-in-us-sam-altman-cure-cancer/amp-11737510175291.html",
      "T2", note=inferred)
    S("src_centerconsulting_stargate", "2025: Stargate", "CenterConsulting", None,
      "https://www.centerconsulting.com/ai-library/milestones/2025-stargate", "T3",
      note="Quotes SoftBank's press release.")
    # 7. the FT report, its pick-up and the other reports on the talks
    S("src_ft_2025_06_18", "Microsoft prepared to walk away from high-stakes OpenAI talks", "FT", "2025-06-18",
      "https://si.frajer.net/readreplies.aspx?msgid=35170340&subjectid=6674", "T2", host="si.frajer.net",
      creators=["CristinaCriddle", "TabbyKinder", "RafeUddin", "GeorgeHammond"],
      note="FT text as re-posted on the Silicon Investor forum (posts dated 18 and 19 June 2025). Its "
           "subtitle says the for-profit conversion plans led Microsoft to draw up contingency plans.")
    S("src_reuters_2025_06_18", "Microsoft prepared to walk away from high-stakes talks with OpenAI, FT reports",
      "Reuters", "2025-06-18", "https://www.daily8.com/en/article/ce98895084b0140e63f9a4286327727e", "T2",
      host="daily8.com",
      note="Reuters wire text carried by Daily8 under the headline 'Microsoft prepared to abandon high-stakes "
           "talks with OpenAI'; the reuters.com original was not available.")
    S("src_allmind_reuters", "Microsoft prepared to walk away from high-stakes talks with OpenAI, FT reports",
      "AllMind", "2025-06-18",
      "https://allmind.ai/news/cf6a0e209de186884a01abe3ec9880056b2f3a050de1f77bef9a092968d4a8de", "T3",
      note="Aggregator copy that carries the Reuters headline.")
    S("src_fudzilla_2025_06_19", "Microsoft could walk away from OpenAI talks", "Fudzilla", "2025-06-19",
      "https://mail.fudzilla.net/news/ai/61221-microsoft-could-walk-away-from-openai-talks", "T3",
      note="A detailed paraphrase of the FT report, including the 20-49% range and the $92bn revenue cap.")
    S("src_mint_2025_06_19", "Microsoft-OpenAI alliance in trouble: FT says the tech giant is prepared to walk away",
      "Mint", "2025-06-19",
      "https://www.livemint.com/companies/news/microsoft-openai-alliance-trouble-ft-report-says-tech-giant-prepared-walk-away-deal-chatgpt-what-we-know-for-profit-news-11750305893315.html",
      "T2", note=inferred + " Indian outlets date the FT story 19 June (local time).")
    S("src_benzinga_2025_06_17", "OpenAI vs Microsoft: inside the brewing power struggle that could become an antitrust showdown",
      "Benzinga", "2025-06-17",
      "https://www.benzinga.com/markets/tech/25/06/45966911/openai-vs-microsoft-inside-the-brewing-power-struggle-that-could-reportedly-explode-into-an-antitrust-showdown",
      "T2", note=inferred + " Relays the WSJ report of 16 June 2025.")
    S("src_quasa_information_2025_06", "The Information unveils insider details on stalled Microsoft-OpenAI restructuring talks",
      "Quasa", "2025-06",
      "https://quasa.io/media/the-information-unveils-insider-details-on-stalled-microsoft-openai-restructuring-talks",
      "T3", note=inferred + " Summarises a June 2025 report by The Information.")
    S("src_decoder_ft_2024_12", "OpenAI considers removing clause blocking Microsoft's access to its most advanced AI models",
      "TheDecoder", "2024-12",
      "https://the-decoder.com/openai-considers-removing-clause-blocking-microsofts-access-to-its-most-advanced-ai-models",
      "T3", note=inferred + " Relays a December 2024 FT report; rated T2/T3.")
    S("src_scmp_2025_07", "Microsoft nears OpenAI agreement for ongoing access to its technology", "Bloomberg",
      "2025-07", "https://www.scmp.com/tech/big-tech/article/3320078/microsoft-nears-openai-agreement-ongoing-tech-access",
      "T2", host="scmp.com", note=inferred + " Bloomberg story carried by the South China Morning Post.")
    S("src_posthaven_ft", "FT: Microsoft talks set to push OpenAI's restructure into next year", "FT", None,
      "https://thechek.posthaven.com/ft-microsoft-talks-set-to-push-openais-restructure-into-next-year", "T3",
      host="thechek.posthaven.com", note=inferred + " A blog re-post of a later FT piece.")
    S("src_outlook_business_agi", "Microsoft talks deeper tech collaboration as OpenAI eyes Google, Oracle backing",
      "OutlookBusiness", "2025-07",
      "https://www.outlookbusiness.com/corporate/microsoft-talks-deeper-tech-collaboration-as-openai-eyes-google-oracle-backing",
      "T2", note=inferred + " Cites Bloomberg on the AGI clause.")
    # 8. October 2025
    S("src_openai_2025_10_28", "The next chapter of the Microsoft–OpenAI partnership", "OpenAI", "2025-10-28",
      "https://openai.com/index/next-chapter-of-microsoft-openai-partnership/", "T1", note=inferred)
    S("src_benzinga_2025_10_28", "Microsoft stock moves higher on new deal with OpenAI", "Benzinga", "2025-10-28",
      "https://www.benzinga.com/trading-ideas/movers/25/10/48461540/microsoft-stock-moves-higher-on-new-deal-with-openai",
      "T2", note=inferred)
    S("src_telegraphindia_2025_10_28", "Microsoft, OpenAI reach new deal to allow OpenAI to restructure", "Reuters",
      "2025-10-28", "https://www.telegraphindia.com/business/microsoft-openai-reach-new-deal-to-allow-openai-to-restructure/cid/2130048",
      "T2", host="telegraphindia.com", note=inferred + " Reuters story carried by The Telegraph (India).")
    S("src_centerconsulting_pbc", "2025: OpenAI PBC recapitalization", "CenterConsulting", None,
      "https://www.centerconsulting.com/ai-library/milestones/2025-openai-pbc-recapitalization", "T3",
      note=inferred + " Gives Microsoft's earlier 32.5% stake.")
    S("src_industrialnews_2025_10_28", "OpenAI's corporate reboot and Microsoft's $250B bet", "IndustrialNewsToday",
      "2025-10-28", "https://industrialnewstoday.com/openais-corporate-reboot-microsofts-250b-bet-and-t-20251028",
      "T3", note=inferred + " Gives the OpenAI Foundation's stake as about 26%.")
    # 9. people and rivals
    S("src_nwpr_2014", "Satya Nadella Named Microsoft CEO", "NWPR", "2014-02-04",
      "http://nwpr.org/post/satya-nadella-named-microsoft-ceo", "T2")
    S("src_boingboing_2014", "Microsoft taps Nadella for CEO", "BoingBoing", "2014-02-04",
      "http://boingboing.net/2014/02/04/microsoft-taps-nadella-for-ceo.html", "T3", note=inferred)
    S("src_register_2024_03_19", "Microsoft hits Inflection point, peels off top personnel to form AI division",
      "TheRegister", "2024-03-19", "https://www.theregister.com/2024/03/19/microsoft_inflection/", "T2")
    S("src_rappler_suleyman", "Google DeepMind co-founder Mustafa Suleyman joins Microsoft to lead consumer AI division",
      "Rappler", "2024-03-19",
      "https://www.rappler.com/technology/google-deepmind-mustafa-suleyman-joins-microsoft-lead-consumer-ai-division/",
      "T2", note=inferred + " Gives Tuesday 19 March.")
    S("src_hindustantimes_2024_03_20",
      "Microsoft onboards former Google DeepMind co-founder to head AI products including Copilot and Bing",
      "HindustanTimes", "2024-03-20",
      "https://tech.hindustantimes.com/tech/news/microsoft-onboards-former-google-deepmind-co-founder-to-head-ai-products-including-copilot-and-bing-71710912562794.html",
      "T2", note=inferred)
    S("src_9to5google_2023_04_20", "Google DeepMind formed from DeepMind and Google Brain", "NineToFiveGoogle",
      "2023-04-20", "https://9to5google.com/2023/04/20/google-deepmind/", "T2", note=inferred)
    S("src_ft_deepmind_si", "FT report on the merger of DeepMind and Google Brain", "FT", "2023-04",
      "https://si.frajer.net/readmsg.aspx?msgid=34274582", "T2", host="si.frajer.net",
      note="FT text re-posted on the Silicon Investor forum; links the merger to pressure from ChatGPT and Microsoft.")
    S("src_axios_2023_10_30", "Google is investing $2 billion into Anthropic, a rival to OpenAI", "Axios",
      "2023-10-30", "https://www.axios.com/2023/10/30/google-invests-2-billion-anthropic-openai", "T2")
    S("src_ndtv_2024_11_22", "Amazon invests an additional $4 billion in AI firm Anthropic", "Bloomberg",
      "2024-11-22", "https://www.ndtvprofit.com/business/amazon-invests-an-additional-4-billion-in-ai-firm-anthropic",
      "T2", host="ndtvprofit.com", note=inferred + " Bloomberg story carried by NDTV Profit.")
    S("src_ledger_anthropic", "Amazon's investment in Anthropic", "TheLedger", None,
      "https://www.the-ledger.net/events/amazon-anthropic-investment", "T3",
      note=inferred + " Gives 27 March 2024 for the completed $4B.")
    S("src_entrepreneur_2024_08_01", "Microsoft lists OpenAI as a competitor in AI and search despite its investment",
      "Entrepreneur", "2024-08-01",
      "https://www.entrepreneur.com/business-news/microsoft-openai-search-ai-competitor-despite-investment/477903",
      "T2", note=inferred)
    S("src_mint_10k", "Microsoft adds OpenAI to its list of competitors in AI and search", "WSJ", "2024-08-02",
      "https://www.livemint.com/companies/news/microsoft-adds-openai-to-its-list-of-competitors-in-ai-and-search-11722590558837.html",
      "T2", host="livemint.com", note=inferred + " WSJ story carried by Mint.")
    S("src_msftunboxed_mai", "Microsoft AI unveils its first homegrown models MAI-Voice-1 and MAI-1-preview",
      "MSFTUnboxed", "2025-08-28",
      "https://msftunboxed.com/microsoft-ai-unveils-its-first-homegrown-models-mai-voice-1-and-mai-1-preview/",
      "T3", note=inferred)
    S("src_sqmagazine_mai", "Microsoft launches MAI-1-preview and a voice model", "SQMagazine", "2025-08-28",
      "https://sqmagazine.co.uk/microsoft-launches-mai-1-preview-and-voice-model", "T3",
      note=inferred + " Cites Suleyman's post on X of 28 August 2025.")
    S("src_winaero_mai", "Microsoft unveiled two of its own AI models: MAI-Voice-1 and MAI-1-preview", "Winaero",
      "2025-08-28", "https://winaero.com/microsoft-unveiled-two-of-its-own-ai-models-mai-voice-1-and-mai-1-preview",
      "T3", note=inferred)
    # 10. other timeline facts
    S("src_openai_lp_2019", "OpenAI LP", "OpenAI", "2019-03-11", "https://openai.com/index/openai-lp/", "T1")
    S("src_centerconsulting_lp", "2019: OpenAI LP and Microsoft", "CenterConsulting", None,
      "https://www.centerconsulting.com/ai-library/milestones/2019-openai-lp-microsoft", "T3", note=inferred)
    S("src_shropshire_2025_05_05", "OpenAI reverses course and says its nonprofit will continue to control business",
      "AP", "2025-05-05",
      "https://www.shropshirestar.com/world-news/2025/05/05/openai-reverses-course-and-says-its-nonprofit-will-continue-to-control-business/",
      "T2", host="shropshirestar.com", note="AP story carried by the Shropshire Star.")
    S("src_jakartaglobe_2025_05_06", "OpenAI abandons for-profit plan, keeps nonprofit in control", "AP",
      "2025-05-06", "https://jakartaglobe.id/tech/openai-abandons-forprofit-plan-keeps-nonprofit-in-control", "T2",
      host="jakartaglobe.id", note=inferred + " AP story carried by the Jakarta Globe.")
    S("src_vice_gpt3", "OpenAI Exclusively Licensed Its Language-Generating Software to Microsoft", "Vice", "2020-09",
      "https://www.vice.com/en/article/v7gawa/openai-exclusively-licensed-its-language-generating-software-to-microsoft",
      "T2")
    S("src_medium_gpt3", "Microsoft's exclusive GPT-3 license", "Medium", "2020-09-25",
      "https://medium.com/@nqabell89/microsofts-exclusive-gpt-3-license-3a48af54f921", "T3",
      note=inferred + " Post by N. Abell; gives 22 September 2020.")
    S("src_reuters_info_2025_05_07", "OpenAI plans to cut Microsoft revenue share after restructuring, The Information reports",
      "Reuters", "2025-05-07", "http://3.127.128.221/2025/05/07/openai-plans-to-cut", "T2", host="3.127.128.221",
      note="A copy of the Reuters story on a bare IP address host; relays The Information of 6 May 2025.")
    S("src_indiatoday_2025_05_07", "Not everything is okay between Microsoft and OpenAI: Microsoft's revenue share to be cut in half",
      "IndiaToday", "2025-05-07",
      "https://www.indiatoday.in/technology/news/story/not-everything-is-okay-between-microsoft-and-openai-microsoft-revenue-share-cut-in-half-2720802-2025-05-07",
      "T2", note=inferred)
    S("src_menafn_2024_01_06", "IANS report that Microsoft owns 49% of OpenAI", "IANS", "2024-01-06", None, "T3",
      host="menafn.com", note="An agency report carried by Menafn; the 49% figure is not backed by any Microsoft filing.")
    S("src_stratrix", "Inside the Microsoft-OpenAI partnership", "Stratrix", None,
      "https://www.stratrix.com/decision-forks/inside-the-microsoft-openai-partnership", "T3",
      note=inferred + " Notes that no Microsoft SEC filing confirms the 49% or 75% figures.")
    S("src_cna_2025_03_05", "UK drops antitrust probe into Microsoft and OpenAI tie-up", "Reuters", "2025-03-05",
      "https://www.channelnewsasia.com/business/uk-drops-antitrust-probe-microsoft-and-openai-tie-up-4979326",
      "T2", host="channelnewsasia.com", note=inferred + " Reuters story carried by CNA.")
    S("src_macfarlanes_2025_06_03", "Open and shut: lessons from the CMA's Microsoft/OpenAI merger inquiry",
      "Macfarlanes", "2025-06-03",
      "https://www.macfarlanes.com/what-we-think/102eli5/open-and-shut-lessons-from-the-cma-s-microsoft-openai-merger-inquiry-102kcrh",
      "T2")
    S("src_ndtv_2024_10_02", "OpenAI raises $6.6 billion in funding at $157 billion valuation", "Bloomberg",
      "2024-10-02", "https://www.ndtvprofit.com/business/openai-raises-66-billion-in-funding-at-157-billion-valuation",
      "T2", host="ndtvprofit.com", note=inferred + " Bloomberg story carried by NDTV Profit.")
    S("src_mint_2024_10_03", "OpenAI nearly doubles valuation to $157 billion in funding round", "WSJ",
      "2024-10-03",
      "https://www.livemint.com/companies/start-ups/openai-nearly-doubles-valuation-to-157-billion-in-funding-round-11727949127921.html",
      "T2", host="livemint.com", note=inferred + " WSJ story carried by Mint.")
    S("src_tmcnet_2025_09_11", "OpenAI and Microsoft outline next phase of partnership with new MOU", "TMCnet",
      "2025-09-11",
      "https://blog.tmcnet.com/blog/rich-tehrani/ai/openai-and-microsoft-outline-next-phase-of-partnership-with-new-mou.html",
      "T3", note=inferred + " Rated T2/T3.")
    S("src_quarkybyte_mou", "Microsoft and OpenAI sign MOU for next phase of partnership", "QuarkyByte",
      "2025-09-11", "https://news.quarkybyte.com/microsoft-and-openai-sign-mou-for-next-phase-of-partnership-2025-09-11",
      "T3", note=inferred)


def investments(b: Builder) -> None:
    F, L = b.fact, b.link
    F("inv_ms_openai_2019", "Investment",
      "In July 2019 Microsoft put $1 billion into OpenAI's capped-profit arm alongside an Azure computing partnership.",
      ["src_fortune_2019", "src_usatoday_2019", "src_openai_blog_2019"], "Confirmed",
      investor="Microsoft", investee="OpenAI", amount=N(1_000_000_000), currency="USD",
      amountQualifier="exactly", date=D("2019-07-22"), round="first investment (2019)",
      figureStatus="disclosed", note="The money went to OpenAI LP, the capped-profit arm.",
      party="OpenAI_LP")
    F("inv_ms_openai_2021", "Investment",
      "Microsoft made a second investment in OpenAI in 2021, reported at about $2 billion; the amount was never disclosed.",
      ["src_pureai_2023_01", "src_zdnet_2023_01", "src_national_2023_01"], "Reported",
      investor="Microsoft", investee="OpenAI", amount=N(2_000_000_000), currency="USD",
      amountQualifier="about", date=D("2021"), round="second investment (2021)", figureStatus="reported",
      dateNote="Microsoft's 2023 announcement mentions investments in 2019 and 2021; no day is known.")
    F("inv_ms_openai_2023", "Investment",
      "In January 2023 Microsoft announced a multiyear, multibillion-dollar investment in OpenAI, reported as about $10 billion.",
      ["src_verge_2023_01", "src_zdnet_2023_01", "src_national_2023_01", "src_pureai_2023_01"], "Reported",
      investor="Microsoft", investee="OpenAI", amount=N(10_000_000_000), currency="USD",
      amountQualifier="about", date=D("2023-01-23"), round="third phase (2023)", figureStatus="reported",
      note="Microsoft did not give the amount; Bloomberg and Semafor reported about $10 billion.")
    F("inv_ms_openai_total_sec", "Investment",
      "Microsoft's SEC filing puts its total funding commitments to OpenAI at $13 billion.",
      ["src_sec_10q_2025", "src_cnbc_2023_11_29"], "Confirmed",
      investor="Microsoft", investee="OpenAI", amount=N(13_000_000_000), currency="USD",
      amountQualifier="about", date=D("2025-09-30"), round="cumulative total commitment",
      figureStatus="committed",
      note="A commitment, accounted for by the equity method; how much had been paid in is not confirmed by a primary source.",
      dateNote="As stated in the 10-Q for the quarter ended 2025-09-30.")
    F("inv_ms_openai_total_bloomberg", "Investment",
      "Bloomberg-sourced reports put Microsoft's total investment in OpenAI at $13.75 billion.",
      ["src_bloomberg_daily8_2025_07"], "Reported",
      investor="Microsoft", investee="OpenAI", amount=N(13_750_000_000), currency="USD",
      amountQualifier="about", date=D("2025-07"), round="cumulative total commitment",
      figureStatus="reported", note="Differs from the $13 billion in Microsoft's filing.")
    F("claim_article_13b", "Claim",
      "The commentary says Microsoft has sunk an estimated $13 billion into the partnership.",
      "src_article", "Estimated", claimant="src_article", about=["Microsoft", "OpenAI", "inv_ms_openai_total_sec"],
      statement="Microsoft's outlay on OpenAI is estimated at about $13 billion.",
      amount=N(13_000_000_000), currency="USD", amountQualifier="about")
    F("inv_ms_openai_2024_10", "Investment",
      "Microsoft took part in OpenAI's October 2024 round with a reported stake of about $750 million.",
      ["src_ndtv_2024_10_02"], "Reported", investor="Microsoft", investee="OpenAI",
      amount=N(750_000_000), currency="USD", amountQualifier="about", date=D("2024-10-02"),
      round="October 2024 round ($6.6B at $157B)", figureStatus="reported", partOf="round_openai_2024_10")
    F("claim_ms_2024_round_wsj", "Claim",
      "The WSJ put Microsoft's part of the October 2024 round at a little under $1 billion.",
      ["src_mint_2024_10_03"], "Reported", claimant="WSJ", about=["Microsoft", "inv_ms_openai_2024_10"],
      statement="Microsoft's contribution to the 2024 round was slightly below one billion dollars.",
      amount=N(1_000_000_000), currency="USD", amountQualifier="less than")
    F("round_openai_2024_10", "FundingRound",
      "On 2 October 2024 OpenAI raised $6.6 billion at a $157 billion post-money valuation, led by Thrive Capital.",
      ["src_ndtv_2024_10_02", "src_mint_2024_10_03"], "Confirmed",
      date=D("2024-10-02"), amount=N(6_600_000_000), valuation=N(157_000_000_000), currency="USD",
      participant=["OpenAI", "ThriveCapital", "Microsoft", "NVIDIA", "SoftBank", "MGX"],
      outcome="Investors could ask for their money back if OpenAI failed to finish its for-profit conversion.")
    for inv in ["NVIDIA", "SoftBank", "MGX", "ThriveCapital"]:
        F(f"inv_{inv}_openai_2024_10", "Investment",
          f"{b.name(inv)} invested in OpenAI's October 2024 round.",
          ["src_ndtv_2024_10_02"], "Confirmed", investor=inv, investee="OpenAI", date=D("2024-10-02"),
          round="October 2024 round ($6.6B at $157B)", partOf="round_openai_2024_10",
          note="Led the round." if inv == "ThriveCapital" else None)
        L(inv, "investedIn", "OpenAI", by=f"inv_{inv}_openai_2024_10")
    F("inv_ms_mistral_2024", "Investment",
      "Microsoft invested €15 million in Mistral AI, money set to turn into equity at Mistral's next round.",
      ["src_globaldata_2024_02_28", "src_techtimes_2024_03_03", "src_dailymaverick_2024_02_26"], "Reported",
      investor="Microsoft", investee="MistralAI", amount=N(15_000_000), currency="EUR", amountQualifier="about",
      date=D("2024-02-27"), round="convertible investment", figureStatus="reported",
      note="Microsoft first called the stake small and did not give a figure; €15M is roughly $16 million.",
      dateNote="The partnership was announced 2024-02-26; the €15M figure appeared from 2024-02-27.")
    F("inv_amazon_anthropic_2024_03", "Investment",
      "Amazon finished a $4 billion investment in Anthropic in March 2024, paid as $1.25 billion then $2.75 billion.",
      ["src_ledger_anthropic", "src_ndtv_2024_11_22"], "Confirmed", investor="Amazon", investee="Anthropic",
      amount=N(4_000_000_000), currency="USD", amountQualifier="exactly", date=D("2024-03-27"),
      round="first $4B (pledged September 2023)", figureStatus="disclosed")
    F("inv_amazon_anthropic_2024_11", "Investment",
      "Amazon added another $4 billion to Anthropic in November 2024, bringing its total to $8 billion.",
      ["src_ndtv_2024_11_22"], "Confirmed", investor="Amazon", investee="Anthropic",
      amount=N(4_000_000_000), currency="USD", amountQualifier="exactly", date=D("2024-11-22"),
      round="second $4B", figureStatus="disclosed")
    F("inv_amazon_anthropic_total", "Investment",
      "Amazon's investment in Anthropic totals $8 billion, for a minority stake.",
      ["src_ndtv_2024_11_22"], "Confirmed", investor="Amazon", investee="Anthropic",
      amount=N(8_000_000_000), currency="USD", amountQualifier="exactly", date=D("2024-11-22"),
      round="cumulative total", figureStatus="disclosed")
    F("inv_google_anthropic_2023_10", "Investment",
      "In October 2023 Google agreed to invest up to $2 billion in Anthropic: $500 million at once and $1.5 billion over time.",
      ["src_axios_2023_10_30"], "Reported", investor="Google", investee="Anthropic",
      amount=N(2_000_000_000), currency="USD", amountQualifier="up to", date=D("2023-10"),
      round="October 2023 commitment", figureStatus="committed",
      dateNote="Reported on 27-28 October 2023; the Axios story is dated 30 October.")
    F("inv_google_anthropic_2023_early", "Investment",
      "Earlier in 2023 Google had put about $550 million into Anthropic.",
      ["src_axios_2023_10_30"], "Reported", investor="Google", investee="Anthropic",
      amount=N(550_000_000), currency="USD", amountQualifier="about", date=D("2023"),
      round="earlier 2023 investment", figureStatus="reported")
    for fid, inv, inve in [("inv_ms_openai_2019", "Microsoft", "OpenAI"),
                           ("inv_ms_mistral_2024", "Microsoft", "MistralAI"),
                           ("inv_amazon_anthropic_total", "Amazon", "Anthropic"),
                           ("inv_google_anthropic_2023_10", "Google", "Anthropic")]:
        L(inv, "investedIn", inve, by=fid)
    # stakes
    F("own_ms_openai_2025", "Ownership",
      "After the October 2025 recapitalisation Microsoft holds about 27% of OpenAI Group PBC, worth about $135 billion.",
      ["src_openai_2025_10_28", "src_sec_10q_2025", "src_telegraphindia_2025_10_28"], "Confirmed",
      owner="Microsoft", owned="OpenAI_Group_PBC", percentage=N(27), valuation=N(135_000_000_000),
      currency="USD", date=D("2025-10-28"), amountQualifier="about",
      note="Measured on an as-converted, diluted basis.", supersedes="own_ms_openai_prior")
    F("own_ms_openai_prior", "Ownership",
      "Before OpenAI's latest funding rounds Microsoft's stake stood at 32.5%.",
      ["src_centerconsulting_pbc", "src_openai_2025_10_28"], "Reported",
      owner="Microsoft", owned="OpenAI", percentage=N("32.5"), date=D("2025-10"),
      dateNote="The sources give no date; it is the stake before the recent rounds, as stated in October 2025.")
    F("own_foundation_pbc_2025", "Ownership",
      "Secondary sources say the OpenAI Foundation holds about 26% of OpenAI Group PBC, worth about $130 billion.",
      ["src_industrialnews_2025_10_28"], "Reported", owner="OpenAI_Nonprofit", owned="OpenAI_Group_PBC",
      percentage=N(26), valuation=N(130_000_000_000), currency="USD", date=D("2025-10-28"),
      note="Not confirmed from a primary source.")
    F("claim_ms_49pct", "Claim",
      "Some reports say Microsoft owns 49% of OpenAI or gets 49% of its profits; no Microsoft filing confirms it.",
      ["src_menafn_2024_01_06", "src_stratrix"], "Speculation", claimant="IANS", about=["Microsoft", "OpenAI"],
      statement="Microsoft owns 49% of OpenAI (unverified; do not treat as fact).", percentage=N(49),
      date=D("2024-01-06"))
    L("Microsoft", "holdsStakeIn", "OpenAI_Group_PBC", by="own_ms_openai_2025")
    L("OpenAI_Nonprofit", "holdsStakeIn", "OpenAI_Group_PBC", by="own_foundation_pbc_2025")
    L("Amazon", "holdsStakeIn", "Anthropic", by="inv_amazon_anthropic_total")


def people_and_roles(b: Builder) -> None:
    E, F, L = b.entity, b.fact, b.link
    people = [
        ("SatyaNadella", "Satya Nadella", ["Nadella", "Satya"],
         "Chief executive of Microsoft since February 2014.", ["src_nwpr_2014"]),
        ("SamAltman", "Sam Altman", ["Altman", "Sam", "Samuel Altman"],
         "OpenAI co-founder and chief executive, briefly removed in November 2023 and then brought back.",
         ["src_fortune_2019", "src_verge_altman_timeline"]),
        ("GregBrockman", "Greg Brockman", ["Brockman", "Greg"],
         "OpenAI co-founder and president who quit when Altman was fired and returned with him.",
         ["src_verge_altman_timeline"]),
        ("MiraMurati", "Mira Murati", ["Murati", "Mira"],
         "OpenAI's chief technology officer, interim CEO for two days in November 2023.",
         ["src_dexerto_2023_11_17"]),
        ("EmmettShear", "Emmett Shear", ["Shear", "Emmett"],
         "Former Twitch chief executive who was OpenAI's interim CEO in November 2023.",
         ["src_businesstoday_2023_11_20a"]),
        ("MustafaSuleyman", "Mustafa Suleyman", ["Suleyman", "Mustafa"],
         "DeepMind and Inflection AI co-founder who became chief executive of Microsoft AI in March 2024.",
         ["src_register_2024_03_19"]),
        ("KarenSimonyan", "Karén Simonyan", ["Karen Simonyan", "Simonyan"],
         "Inflection AI co-founder who became chief scientist of Microsoft AI in March 2024.",
         ["src_register_2024_03_19"]),
        ("DeeTempleton", "Dee Templeton", ["Templeton", "Dee"],
         "Microsoft vice-president for technology and research partnerships who sat as its OpenAI board observer.",
         ["src_bnn_templeton"]),
        ("BretTaylor", "Bret Taylor", ["Taylor", "Bret"],
         "Chair of the new OpenAI board formed when Altman returned in November 2023.",
         ["src_axios_2023_11_22"]),
        ("LarrySummers", "Larry Summers", ["Summers", "Lawrence Summers"],
         "Economist who joined OpenAI's new board in November 2023.", ["src_axios_2023_11_22"]),
        ("AdamDAngelo", "Adam D'Angelo", ["D'Angelo", "Adam DAngelo", "DAngelo"],
         "OpenAI director who stayed on the board through the November 2023 upheaval.", ["src_axios_2023_11_22"]),
        ("HelenToner", "Helen Toner", ["Toner"],
         "OpenAI director who left the board when Altman returned in November 2023.", ["src_axios_2023_11_22"]),
        ("TashaMcCauley", "Tasha McCauley", ["McCauley"],
         "OpenAI director who left the board when Altman returned in November 2023.", ["src_axios_2023_11_22"]),
        ("IlyaSutskever", "Ilya Sutskever", ["Sutskever", "Ilya"],
         "OpenAI co-founder and director who left the board in November 2023 after signing the staff letter.",
         ["src_axios_2023_11_22", "src_siliconuk_2023_11_20"]),
        ("DemisHassabis", "Demis Hassabis", ["Hassabis", "Demis"],
         "DeepMind co-founder and chief executive of Google DeepMind.", ["src_9to5google_2023_04_20"]),
        ("DarioAmodei", "Dario Amodei", ["Dario", "Amodei"],
         "Former OpenAI researcher who co-founded Anthropic in 2021 and runs it.", ["src_axios_2023_10_30"]),
        ("DanielaAmodei", "Daniela Amodei", ["Daniela"],
         "Former OpenAI staff member who co-founded Anthropic in 2021.", ["src_axios_2023_10_30"]),
        ("MasayoshiSon", "Masayoshi Son", ["Son", "Masa Son"],
         "SoftBank founder and chairman of Stargate.", ["src_itweb_2025_01_22"]),
        ("KeithDolliver", "Keith Dolliver", ["Dolliver"],
         "Microsoft deputy general counsel who signed the July 2024 letter giving up the observer seat.",
         ["src_kvia_2024_07_10"]),
        ("SteveBallmer", "Steve Ballmer", ["Ballmer"],
         "Microsoft's second chief executive, succeeded by Nadella in 2014.", ["src_nwpr_2014"]),
        ("BillGates", "Bill Gates", ["Gates"],
         "Microsoft co-founder who moved from chairman to technology adviser in 2014.", ["src_nwpr_2014"]),
        ("DonaldTrump", "Donald Trump", ["Trump", "President Trump"],
         "US president who hosted the Stargate announcement at the White House in January 2025.",
         ["src_itweb_2025_01_22"]),
        ("DinaBass", "Dina Bass", ["Bass"], "Bloomberg reporter who covered the 2019 investment.",
         ["src_fortune_2019"]),
        ("CristinaCriddle", "Cristina Criddle", ["Criddle"],
         "FT technology correspondent, a co-author of the June 2025 walk-away report.", ["src_ft_2025_06_18"]),
        ("TabbyKinder", "Tabby Kinder", ["Kinder"],
         "FT journalist, a co-author of the June 2025 walk-away report.", ["src_ft_2025_06_18"]),
        ("RafeUddin", "Rafe Uddin", ["Uddin"],
         "FT journalist, a co-author of the June 2025 walk-away report.", ["src_ft_2025_06_18"]),
        ("GeorgeHammond", "George Hammond", ["Hammond"],
         "FT journalist, a co-author of the June 2025 walk-away report.", ["src_ft_2025_06_18"]),
    ]
    for id_, label, alts, comment, src in people:
        E(id_, "Person", label, comment, alts=alts, src=src)

    def P(id_, holder, org, title, src, status="Confirmed", start=None, end=None, label=None, shortcut=None,
          **kw):
        F(id_, "Position", label, src, status, holder=holder, organisation=org, roleTitle=title,
          startDate=D(start) if start else None, endDate=D(end) if end else None, **kw)
        if shortcut:
            L(holder, shortcut, org, by=id_)

    P("pos_nadella_ceo", "SatyaNadella", "Microsoft", "CEO", ["src_nwpr_2014", "src_boingboing_2014"],
      start="2014-02-04", label="Satya Nadella has been Microsoft's CEO since 4 February 2014, its third.",
      shortcut="ceoOf", note="He had run Microsoft's cloud and enterprise group and succeeded Steve Ballmer at once.",
      supersedes="pos_ballmer_ceo")
    P("pos_ballmer_ceo", "SteveBallmer", "Microsoft", "CEO", ["src_nwpr_2014"], end="2014-02-04",
      label="Steve Ballmer was Microsoft's CEO until Nadella took over on 4 February 2014.", shortcut="ceoOf")
    P("pos_gates_chair", "BillGates", "Microsoft", "chairman", ["src_nwpr_2014"], end="2014-02-04",
      label="Bill Gates was Microsoft's chairman until February 2014.", shortcut="boardMemberOf")
    P("pos_gates_adviser", "BillGates", "Microsoft", "technology adviser", ["src_nwpr_2014"], start="2014-02-04",
      label="From February 2014 Bill Gates acted as a technology adviser at Microsoft.", shortcut="employedBy")
    P("pos_altman_ceo_1", "SamAltman", "OpenAI", "CEO", ["src_fortune_2019", "src_dexerto_2023_11_17"],
      end="2023-11-17", shortcut="ceoOf",
      label="Sam Altman led OpenAI as CEO through the 2019 and 2023 Microsoft deals until the board removed him on 17 November 2023.",
      dateNote="The sources do not give the day his first term as CEO began.")
    P("pos_altman_ceo_2", "SamAltman", "OpenAI", "CEO", ["src_cnbc_2023_11_29", "src_openai_2025_10_28"],
      start="2023-11-29", shortcut="ceoOf",
      label="Sam Altman was formally reinstated as OpenAI's CEO on 29 November 2023 and still led it in the 2025 sources.")
    P("pos_altman_board", "SamAltman", "OpenAI", "board member", ["src_dexerto_2023_11_17"], end="2023-11-17",
      label="Altman was removed from OpenAI's board along with his CEO role on 17 November 2023.",
      shortcut="boardMemberOf")
    P("pos_brockman_chair", "GregBrockman", "OpenAI", "board chair", ["src_verge_altman_timeline"], end="2023-11-17",
      label="Greg Brockman was stripped of the OpenAI board chair on 17 November 2023 and quit the company that day.",
      shortcut="boardMemberOf")
    P("pos_brockman_president", "GregBrockman", "OpenAI", "president", ["src_verge_altman_timeline", "src_axios_2023_11_22"],
      label="Greg Brockman, OpenAI's president, left on 17 November 2023 and came back when Altman returned.",
      shortcut="employedBy", note="Left 2023-11-17; returned with Altman in late November 2023.")
    P("pos_murati_cto", "MiraMurati", "OpenAI", "CTO", ["src_dexerto_2023_11_17"],
      label="Mira Murati was OpenAI's chief technology officer in 2023.", shortcut="employedBy")
    P("pos_murati_interim", "MiraMurati", "OpenAI", "interim CEO", ["src_dexerto_2023_11_17", "src_businesstoday_2023_11_20a"],
      start="2023-11-17", end="2023-11-19", shortcut="ceoOf",
      label="Mira Murati was named OpenAI's interim CEO on 17 November 2023 and replaced two days later.")
    P("pos_shear_interim", "EmmettShear", "OpenAI", "interim CEO", ["src_businesstoday_2023_11_20a", "src_mpost_2023_11_20"],
      start="2023-11-20", end="2023-11-29", shortcut="ceoOf",
      label="Emmett Shear became OpenAI's interim CEO after talks on Altman's return failed over the weekend of 18-19 November 2023.",
      dateNote="Decided late on 2023-11-19 US time and reported on 2023-11-20; he served until Altman's return, formalised 2023-11-29.")
    P("pos_shear_twitch", "EmmettShear", "Twitch", "former CEO", ["src_businesstoday_2023_11_20a"],
      label="Emmett Shear had earlier been Twitch's chief executive.", shortcut="ceoOf")
    P("pos_suleyman_msai", "MustafaSuleyman", "MicrosoftAI", "EVP and CEO of Microsoft AI",
      ["src_register_2024_03_19", "src_rappler_suleyman", "src_hindustantimes_2024_03_20"], start="2024-03-19",
      label="On 19 March 2024 Microsoft hired Mustafa Suleyman as executive vice-president and CEO of its new Microsoft AI unit, reporting to Nadella.",
      shortcut="ceoOf", reportsTo="SatyaNadella")
    L("MustafaSuleyman", "hiredBy", "Microsoft", by="pos_suleyman_msai_ms")
    F("pos_suleyman_msai_ms", "Position", "Mustafa Suleyman joined Microsoft from Inflection AI in March 2024.",
      ["src_register_2024_03_19"], "Confirmed", holder="MustafaSuleyman", organisation="Microsoft",
      roleTitle="executive vice-president", startDate=D("2024-03-19"), partOf="pos_suleyman_msai")
    P("pos_simonyan_msai", "KarenSimonyan", "MicrosoftAI", "chief scientist", ["src_register_2024_03_19"],
      start="2024-03-19", label="Karén Simonyan joined Microsoft AI as chief scientist in March 2024.",
      shortcut="employedBy")
    P("pos_templeton_ms", "DeeTempleton", "Microsoft", "VP, technology and research partnerships and operations",
      ["src_bnn_templeton"], status="Reported",
      label="Dee Templeton is a Microsoft vice-president for technology and research partnerships and operations, with about 25 years at the company.",
      shortcut="employedBy")
    P("pos_dolliver_ms", "KeithDolliver", "Microsoft", "deputy general counsel", ["src_kvia_2024_07_10"],
      label="Keith Dolliver is Microsoft's deputy general counsel.", shortcut="employedBy")
    P("pos_taylor_chair", "BretTaylor", "OpenAI", "board chair", ["src_axios_2023_11_22", "src_businessline_2023_11_22"],
      start="2023-11-22", shortcut="boardMemberOf",
      label="Bret Taylor became chair of OpenAI's new initial board when Altman's return was agreed.",
      dateNote="Agreed late on 2023-11-21 US time; OpenAI's post is dated 2023-11-22.")
    P("pos_summers_board", "LarrySummers", "OpenAI", "board member", ["src_axios_2023_11_22", "src_businessline_2023_11_22"],
      start="2023-11-22", shortcut="boardMemberOf",
      label="Larry Summers joined OpenAI's new initial board in November 2023.")
    P("pos_dangelo_board", "AdamDAngelo", "OpenAI", "board member", ["src_axios_2023_11_22", "src_businessline_2023_11_22"],
      shortcut="boardMemberOf",
      label="Adam D'Angelo kept his OpenAI board seat and sat on the new initial board from November 2023.",
      note="The only member of the board that removed Altman to stay on.")
    for pid, who, name in [("pos_toner_board", "HelenToner", "Helen Toner"),
                           ("pos_mccauley_board", "TashaMcCauley", "Tasha McCauley"),
                           ("pos_sutskever_board", "IlyaSutskever", "Ilya Sutskever")]:
        P(pid, who, "OpenAI", "board member", ["src_axios_2023_11_22", "src_businessline_2023_11_22"],
          end="2023-11-22", shortcut="boardMemberOf",
          label=f"{name} left OpenAI's board when the deal for Altman's return was struck in November 2023.")
    P("pos_hassabis_gdm", "DemisHassabis", "GoogleDeepMind", "CEO", ["src_9to5google_2023_04_20"],
      start="2023-04-20", shortcut="ceoOf", label="Demis Hassabis has led Google DeepMind since it was formed in April 2023.")
    P("pos_son_stargate", "MasayoshiSon", "Stargate", "chairman", ["src_itweb_2025_01_22", "src_centerconsulting_stargate"],
      start="2025-01-21", shortcut="boardMemberOf", label="Masayoshi Son chairs Stargate.")
    P("pos_dario_anthropic", "DarioAmodei", "Anthropic", "co-founder", ["src_axios_2023_10_30"], start="2021",
      label="Dario Amodei co-founded Anthropic in 2021 after leaving OpenAI.", shortcut="founderOf")
    P("pos_daniela_anthropic", "DanielaAmodei", "Anthropic", "co-founder", ["src_axios_2023_10_30"], start="2021",
      label="Daniela Amodei co-founded Anthropic in 2021 after leaving OpenAI.", shortcut="founderOf")
    P("pos_altman_founder", "SamAltman", "OpenAI", "co-founder", ["src_fortune_2019"], shortcut="founderOf",
      label="Sam Altman is one of OpenAI's co-founders.")
    P("pos_suleyman_deepmind", "MustafaSuleyman", "DeepMind", "co-founder", ["src_register_2024_03_19"],
      shortcut="founderOf", label="Mustafa Suleyman co-founded DeepMind.")
    P("pos_suleyman_inflection", "MustafaSuleyman", "InflectionAI", "co-founder", ["src_register_2024_03_19"],
      shortcut="founderOf", end="2024-03-19", label="Mustafa Suleyman co-founded Inflection AI and left it for Microsoft in March 2024.")
    P("pos_simonyan_inflection", "KarenSimonyan", "InflectionAI", "co-founder", ["src_register_2024_03_19"],
      shortcut="founderOf", end="2024-03-19", label="Karén Simonyan co-founded Inflection AI with Suleyman.")
    P("pos_bass_bloomberg", "DinaBass", "Bloomberg", "reporter", ["src_fortune_2019"],
      label="Dina Bass reports for Bloomberg.", shortcut="employedBy")
    for who in ["CristinaCriddle", "TabbyKinder", "RafeUddin", "GeorgeHammond"]:
        P(f"pos_{who}_ft", who, "FT", "journalist", ["src_ft_2025_06_18"],
          label=f"{b.name(who)} writes for the Financial Times.", shortcut="employedBy")



def products_and_integrations(b: Builder) -> None:
    E, F, L = b.entity, b.fact, b.link
    E("Azure", "CloudPlatform", "Microsoft Azure",
      "Microsoft's cloud computing platform, which trains and serves OpenAI's models.",
      alts=["Azure", "Azure cloud", "MS Azure"], src=["src_fortune_2019"])
    E("AzureOpenAIService", "Product", "Azure OpenAI Service",
      "Azure service that sells access to OpenAI's models to business customers.",
      alts=["Azure OpenAI", "AOAI"], src=["src_zdnet_2023_01"])
    E("Bing", "Product", "Bing", "Microsoft's web search engine, rebuilt with OpenAI models in 2023.",
      alts=["Microsoft Bing", "new Bing"], src=["src_pureai_2023_02"])
    E("BingChat", "Product", "Bing Chat",
      "Chat interface of the new Bing, launched in February 2023 on an OpenAI model and renamed Copilot in November 2023.",
      alts=["Bing AI", "Bing Chat Enterprise", "the new Bing chat"], src=["src_pureai_2023_02", "src_ms_support_bing"])
    E("MicrosoftCopilot", "Product", "Microsoft Copilot",
      "Microsoft's AI assistant brand, the name Bing Chat took in November 2023.",
      alts=["Copilot", "Copilot in Bing", "Bing Copilot"], src=["src_ms_support_bing", "src_scribd_copilot"])
    E("M365Copilot", "Product", "Microsoft 365 Copilot",
      "Add-on that brings OpenAI-based AI into Word, Excel, Teams and other Microsoft 365 apps for $30 per user per month.",
      alts=["M365 Copilot", "Office Copilot", "Copilot for Microsoft 365"],
      src=["src_nojitter_m365"])
    E("GitHubCopilot", "Product", "GitHub Copilot",
      "GitHub's AI coding assistant, first built on OpenAI Codex.", alts=["Copilot for code"],
      src=["src_github_docs_billing"])
    E("Edge", "Product", "Microsoft Edge", "Microsoft's web browser, given a chat feature in February 2023.",
      alts=["Edge browser", "Edge"], src=["src_pureai_2023_02"])
    E("CopilotDaily", "Product", "Copilot Daily", "A Copilot feature that reads out a daily news summary.",
      src=["src_msftunboxed_mai"])
    E("CopilotPodcasts", "Product", "Copilot Podcasts", "A Copilot feature that generates spoken podcasts.",
      src=["src_msftunboxed_mai"])
    E("ChatGPT", "Product", "ChatGPT", "OpenAI's chatbot, launched in 2022, whose success drove rivals to respond.",
      alts=["Chat GPT"], src=["src_zdnet_2023_01"])
    E("OpenAI_API", "Product", "OpenAI API", "OpenAI's programming interface for its models, hosted on Azure.",
      alts=["the OpenAI API"], src=["src_neowin_2025_01_22"])
    E("GoogleCloud", "CloudPlatform", "Google Cloud",
      "Google's cloud computing platform, a rival to Azure.",
      alts=["GCP", "Google Cloud Platform"], src=["src_article"])
    E("AWS", "CloudPlatform", "Amazon Web Services",
      "Amazon's cloud computing platform, a rival to Azure and Anthropic's main cloud and training partner.",
      alts=["AWS", "Amazon cloud"], src=["src_article", "src_ndtv_2024_11_22"])
    E("GPT3", "AIModel", "GPT-3", "OpenAI's 2020 large language model, licensed exclusively to Microsoft.",
      alts=["GPT 3"], src=["src_vice_gpt3"])
    E("GPT4", "AIModel", "GPT-4", "OpenAI model that powered the new Bing when it launched in 2023.",
      alts=["GPT 4"], src=["src_ms_support_bing"])
    E("Codex", "AIModel", "OpenAI Codex",
      "A descendant of GPT-3 tuned for code that powered the first GitHub Copilot.", alts=["Codex"],
      src=["src_stroot_copilot"])
    E("MistralLarge", "AIModel", "Mistral Large", "Mistral AI's premium model, the first offered through Azure AI.",
      src=["src_dailymaverick_2024_02_26"])
    E("MAIVoice1", "AIModel", "MAI-Voice-1",
      "Microsoft AI's in-house speech-generation model, previewed in August 2025.", alts=["MAI Voice 1"],
      src=["src_msftunboxed_mai"])
    E("MAI1Preview", "AIModel", "MAI-1-preview",
      "Microsoft AI's first in-house mixture-of-experts foundation model, trained on about 15,000 H100 GPUs.",
      alts=["MAI-1", "MAI 1 preview"], src=["src_msftunboxed_mai"])
    # who makes what
    for prod, org, srcs in [("Azure", "Microsoft", ["src_fortune_2019"]),
                            ("AzureOpenAIService", "Microsoft", ["src_zdnet_2023_01"]),
                            ("Bing", "Microsoft", ["src_pureai_2023_02"]),
                            ("BingChat", "Microsoft", ["src_pureai_2023_02"]),
                            ("MicrosoftCopilot", "Microsoft", ["src_ms_support_bing"]),
                            ("M365Copilot", "Microsoft", ["src_nojitter_m365"]),
                            ("Edge", "Microsoft", ["src_pureai_2023_02"]),
                            ("GitHubCopilot", "GitHub", ["src_github_docs_billing"]),
                            ("ChatGPT", "OpenAI", ["src_zdnet_2023_01"]),
                            ("OpenAI_API", "OpenAI", ["src_neowin_2025_01_22"]),
                            ("GoogleCloud", "Google", ["src_article"]),
                            ("AWS", "Amazon", ["src_ndtv_2024_11_22"]),
                            ("GPT3", "OpenAI", ["src_vice_gpt3"]), ("GPT4", "OpenAI", ["src_ms_support_bing"]),
                            ("Codex", "OpenAI", ["src_stroot_copilot"]),
                            ("MistralLarge", "MistralAI", ["src_dailymaverick_2024_02_26"]),
                            ("MAIVoice1", "MicrosoftAI", ["src_msftunboxed_mai", "src_winaero_mai"]),
                            ("MAI1Preview", "MicrosoftAI", ["src_msftunboxed_mai", "src_winaero_mai"])]:
        L(prod, "developedBy", org, src=srcs, status="Confirmed",
          label=f"{b.name(prod)} is made by {b.name(org)}.")
    for child, parent, srcs in [("GitHub", "Microsoft", ["src_github_docs_billing", "src_goodmen_copilot"]),
                                ("MicrosoftAI", "Microsoft", ["src_register_2024_03_19"]),
                                ("GoogleDeepMind", "Alphabet", ["src_9to5google_2023_04_20"]),
                                ("Google", "Alphabet", ["src_9to5google_2023_04_20"])]:
        L(child, "ownedBy", parent, src=srcs, status="Confirmed", label=f"{b.name(child)} belongs to {b.name(parent)}.")
    L("Microsoft", "parentOf", "GitHub", src=["src_github_docs_billing"], status="Confirmed",
      label="Microsoft owns GitHub.")
    L("OpenAI_LP", "controlledBy", "OpenAI_Nonprofit", by="restr_openai_lp_2019")
    L("OpenAI_Group_PBC", "controlledBy", "OpenAI_Nonprofit", by="restr_openai_pbc_2025")
    L("OpenAI", "runsOn", "Azure", by="integ_openai_azure")
    L("Microsoft", "cloudProviderOf", "OpenAI", by="dep_openai_ms_infrastructure")
    L("Amazon", "cloudProviderOf", "Anthropic", by="dep_anthropic_amazon_compute")
    L("BingChat", "renamedTo", "MicrosoftCopilot", by="launch_copilot_rename")
    L("Codex", "basedOn", "GPT3", src=["src_stroot_copilot"], status="Confirmed",
      label="Codex is a GPT-3 descendant tuned for programming.")
    L("GPT3", "licensedTo", "Microsoft", by="agr_gpt3_licence")

    # integrations of OpenAI technology into Microsoft products
    rows = [
        ("integ_openai_azure", "Azure", None,
         "OpenAI moved its services onto Azure in 2019, and Azure runs its research, products and API.",
         ["src_fortune_2019", "src_verge_2023_01", "src_article"], "2019-07-22"),
        ("integ_openai_azure_openai", "AzureOpenAIService", None,
         "Azure OpenAI Service sells OpenAI's models to Azure customers; it became generally available in January 2023.",
         ["src_zdnet_2023_01", "src_aiwiki_azure_openai"], "2023-01"),
        ("integ_openai_bing", "Bing", "GPT4",
         "The new Bing search engine launched in February 2023 on a next-generation OpenAI model, later identified as GPT-4.",
         ["src_pureai_2023_02", "src_ms_support_bing"], "2023-02-07"),
        ("integ_openai_bingchat", "BingChat", "GPT4",
         "Bing Chat ran on an OpenAI model, later identified as GPT-4.",
         ["src_pureai_2023_02", "src_ms_support_bing", "src_cmswire_bing"], "2023-02-07"),
        ("integ_openai_edge", "Edge", "GPT4",
         "The Edge browser gained a chat feature built on OpenAI technology in February 2023.",
         ["src_pureai_2023_02"], "2023-02-07"),
        ("integ_openai_copilot", "MicrosoftCopilot", "GPT4",
         "Microsoft Copilot, the renamed Bing Chat, carries OpenAI's technology.",
         ["src_ms_support_bing", "src_article"], "2023-11"),
        ("integ_openai_m365copilot", "M365Copilot", None,
         "Microsoft 365 Copilot builds OpenAI-based AI into Microsoft's office apps.",
         ["src_nojitter_m365", "src_article"], "2023-03-16"),
        ("integ_openai_githubcopilot", "GitHubCopilot", "Codex",
         "GitHub Copilot was built with OpenAI and first ran on OpenAI Codex.",
         ["src_goodmen_copilot", "src_stroot_copilot"], "2021-06-29"),
    ]
    for fid, prod, model, label, srcs, date in rows:
        F(fid, "Integration", label, srcs, "Confirmed", technologyFrom="OpenAI", product=prod,
          poweredBy=model, date=D(date))
        L("OpenAI", "integratedInto", prod, by=fid)
        if model:
            L(model, "integratedInto", prod, by=fid)
    F("integ_mistral_azure", "Integration",
      "Mistral AI's premium models, Mistral Large first, are sold through Azure AI under the 2024 partnership.",
      ["src_dailymaverick_2024_02_26"], "Confirmed", technologyFrom="MistralAI", product="Azure",
      poweredBy="MistralLarge", date=D("2024-02-26"))
    L("MistralAI", "integratedInto", "Azure", by="integ_mistral_azure")
    F("integ_mai_copilot", "Integration",
      "MAI-Voice-1 already powers Copilot Daily and Podcasts, and MAI-1-preview was due to reach some Copilot text features.",
      ["src_msftunboxed_mai", "src_sqmagazine_mai", "src_winaero_mai"], "Reported", technologyFrom="MicrosoftAI",
      product=["MicrosoftCopilot", "CopilotDaily", "CopilotPodcasts"], poweredBy=["MAIVoice1", "MAI1Preview"],
      date=D("2025-08-28"))
    L("MicrosoftAI", "integratedInto", "MicrosoftCopilot", by="integ_mai_copilot")
    # product events
    F("launch_azure_openai_ga", "ProductLaunch",
      "Azure OpenAI Service moved from invitation-only preview to general availability in mid-January 2023.",
      ["src_aiwiki_azure_openai", "src_grokipedia_azure_openai", "src_zdnet_2023_01"], "Confirmed",
      date=D("2023-01"), participant=["Microsoft", "AzureOpenAIService"],
      dateNote="One source gives 16 January 2023, another 17 January; Microsoft's own post was not available.",
      note="First shown as a preview in November 2021.")
    F("launch_bing_chat", "ProductLaunch",
      "On 7 February 2023, at its Redmond headquarters, Microsoft unveiled an AI-powered Bing and Edge with a chat interface, first offered through a waitlist.",
      ["src_pureai_2023_02", "src_cmswire_bing", "src_ms_support_bing"], "Confirmed", date=D("2023-02-07"),
      participant=["Microsoft", "BingChat", "Bing", "Edge", "Redmond"])
    F("launch_copilot_rename", "ProductLaunch",
      "In November 2023 Microsoft renamed Bing Chat as Copilot in Bing, and Bing Chat Enterprise became Microsoft Copilot.",
      ["src_ms_support_bing", "src_scribd_copilot", "src_windowsnews_copilot"], "Confirmed", date=D("2023-11"),
      participant=["Microsoft", "BingChat", "MicrosoftCopilot"],
      dateNote="The exact day (often given as 15 November, at Ignite) was not confirmed.")
    F("launch_m365_copilot_announce", "ProductLaunch",
      "Microsoft announced Microsoft 365 Copilot on 16 March 2023.",
      ["src_nojitter_m365"], "Confirmed", date=D("2023-03-16"), participant=["Microsoft", "M365Copilot"])
    F("launch_m365_copilot_ga", "ProductLaunch",
      "Microsoft 365 Copilot reached enterprise customers on 1 November 2023 as an add-on costing $30 per user per month.",
      ["src_nojitter_m365", "src_windowsforum_m365", "src_lavkesh_m365"], "Confirmed", date=D("2023-11-01"),
      participant=["Microsoft", "M365Copilot"], price="30 USD per user per month", amount=N(30), currency="USD")
    F("launch_github_copilot_preview", "ProductLaunch",
      "GitHub announced a technical preview of GitHub Copilot, built with OpenAI Codex, on 29 June 2021.",
      ["src_goodmen_copilot", "src_stroot_copilot", "src_github_docs_billing"], "Confirmed", date=D("2021-06-29"),
      participant=["GitHub", "GitHubCopilot", "OpenAI", "Codex"],
      note="The free preview ran until June 2022.")
    F("launch_github_copilot_paid", "ProductLaunch",
      "GitHub Copilot became a paid product in June 2022, at $10 a month or $100 a year for individuals.",
      ["src_github_docs_billing"], "Confirmed", date=D("2022-06"), participant=["GitHub", "GitHubCopilot"],
      price="10 USD per month or 100 USD per year", amount=N(10), currency="USD",
      dateNote="The exact day was not found.")
    F("launch_mai_models", "ProductLaunch",
      "On 28 August 2025 Microsoft AI previewed its first in-house models, MAI-Voice-1 and MAI-1-preview, the latter opened for public testing on LMArena.",
      ["src_msftunboxed_mai", "src_sqmagazine_mai", "src_winaero_mai"], "Reported", date=D("2025-08-28"),
      participant=["MicrosoftAI", "MAIVoice1", "MAI1Preview", "MustafaSuleyman"],
      note="Tech press only; Microsoft AI's own post was not available. MAI-1-preview was trained on about 15,000 NVIDIA H100 GPUs.",
      count=15000)


def crisis_and_board(b: Builder) -> None:
    F, L = b.fact, b.link
    F("ev_ouster", "Ouster",
      "On 17 November 2023 OpenAI's nonprofit board removed Sam Altman as CEO and director, saying he had not been consistently candid with it.",
      ["src_verge_altman_timeline", "src_dexerto_2023_11_17"], "Confirmed", date=D("2023-11-17"),
      participant=["OpenAI_Nonprofit", "SamAltman", "MiraMurati", "GregBrockman", "OpenAI"],
      outcome="Mira Murati became interim CEO; Greg Brockman lost the board chair and quit the same day.",
      resultedIn=["pos_murati_interim", "ev_employee_letter"],
      dateNote="Friday 17 November in the US; some India-based outlets give 18 November and one site wrongly gives 19 November.")
    F("ev_shear_appointed", "Announcement",
      "After a weekend of failed talks on Altman's return, OpenAI's board named Emmett Shear interim CEO in place of Murati.",
      ["src_businesstoday_2023_11_20a", "src_mpost_2023_11_20"], "Confirmed", date=D("2023-11-20"),
      participant=["OpenAI_Nonprofit", "EmmettShear", "MiraMurati"], resultedIn="pos_shear_interim",
      dateNote="Decided late on Sunday 19 November US time; reported 20 November.")
    F("ev_nadella_hires", "Announcement",
      "On 20 November 2023 Satya Nadella posted on X that Altman and Brockman would join Microsoft to lead a new advanced AI research team.",
      ["src_techlusive_2023_11_20", "src_shacknews_2023_11_20", "src_businesstoday_2023_11_20a"], "Confirmed",
      date=D("2023-11-20"), participant=["SatyaNadella", "Microsoft", "SamAltman", "GregBrockman", "EmmettShear"],
      outcome="Nadella also restated Microsoft's commitment to the partnership and said it would work with Shear. Altman did not in the end join Microsoft.")
    F("claim_ms_would_hire_all", "Claim",
      "The commentary reads the crisis as showing Microsoft would have hired OpenAI's whole research team, in effect absorbing its core talent.",
      ["src_article", "src_siliconuk_2023_11_20"], "Reported", claimant="src_article",
      about=["Microsoft", "OpenAI", "ev_employee_letter"],
      statement="Microsoft had promised jobs to all OpenAI staff who wanted to move.")
    F("ev_employee_letter", "Letter",
      "On 20 November 2023 OpenAI staff wrote to the board demanding it resign and bring back Altman and Brockman, or they might leave for Microsoft's new unit.",
      ["src_siliconuk_2023_11_20", "src_businesstoday_2023_11_20b", "src_voz_letter", "src_star_2024_01_06"],
      "Confirmed", date=D("2023-11-20"),
      participant=["OpenAI", "OpenAI_Nonprofit", "IlyaSutskever", "MiraMurati", "Microsoft"],
      note="Signers included Ilya Sutskever and Mira Murati; the letter said Microsoft had offered jobs to all OpenAI staff.",
      outcome="Pressure from staff and Microsoft helped bring about Altman's return two days later.")
    for fid, n, qual, out_of, src, who, status in [
        ("claim_letter_490", 490, "exactly", None, "src_businesstoday_2023_11_20b", "BusinessToday", "Reported"),
        ("claim_letter_500", 500, "more than", 770, "src_siliconuk_2023_11_20", "SiliconUK", "Reported"),
        ("claim_letter_700", 700, "more than", 770, "src_star_2024_01_06", "Reuters", "Reported"),
        ("claim_letter_747", 747, "exactly", 770, "src_voz_letter", "FT", "Reported")]:
        txt = {"exactly": "", "more than": "more than "}[qual]
        tail = f" of about {out_of} staff" if out_of else ""
        F(fid, "Claim", f"{b.name(who) if who != 'FT' else 'The FT (as relayed by Voz)'} counted {txt}{n} signatures on the OpenAI staff letter{tail}.",
          [src], status, claimant=who, about="ev_employee_letter", count=n, outOf=out_of,
          amountQualifier=qual, date=D("2023-11-20"),
          statement=f"The letter had {txt}{n} signatures.",
          note="Counts rose as the day went on; early reports said about 490-500, later ones more than 700.")
    F("ev_reinstatement_agreed", "Agreement",
      "Late on 21 November 2023 OpenAI agreed in principle that Altman would come back as CEO under a new initial board chaired by Bret Taylor.",
      ["src_axios_2023_11_22", "src_businessline_2023_11_22"], "Confirmed", date=D("2023-11-22"),
      participant=["OpenAI", "SamAltman", "BretTaylor", "LarrySummers", "AdamDAngelo", "GregBrockman"],
      outcome="Helen Toner, Tasha McCauley and Ilya Sutskever left the board; Brockman returned too.",
      resultedIn=["pos_taylor_chair", "pos_summers_board", "ev_reinstatement"],
      dateNote="Announced late on 21 November US time; OpenAI's post on X is dated 22 November.")
    F("ev_reinstatement", "Reinstatement",
      "Altman's return as OpenAI's CEO was made formal on 29 November 2023, twelve days after his removal.",
      ["src_cnbc_2023_11_29", "src_nasdaq_2023_11_29", "src_article"], "Confirmed", date=D("2023-11-29"),
      participant=["SamAltman", "OpenAI", "Microsoft"], resultedIn=["pos_altman_ceo_2", "seat_ms_observer"],
      outcome="OpenAI said Microsoft would get a non-voting observer seat on its board.")
    F("board_new_initial", "Event",
      "OpenAI's new initial board after the crisis was Bret Taylor as chair, Larry Summers and Adam D'Angelo.",
      ["src_axios_2023_11_22", "src_businessline_2023_11_22"], "Confirmed", date=D("2023-11-22"),
      participant=["BretTaylor", "LarrySummers", "AdamDAngelo", "OpenAI"], partOf="ev_reinstatement_agreed")
    # observer seat
    F("seat_ms_observer", "BoardSeat",
      "Microsoft held a non-voting observer seat on OpenAI's board from 29 November 2023 until it gave the seat up on 9 July 2024.",
      ["src_cnbc_2023_11_29", "src_nasdaq_2023_11_29", "src_kvia_2024_07_10", "src_thewrap_2024_07_10", "src_article"],
      "Confirmed", holder="Microsoft", boardOf="OpenAI", seatKind="non-voting observer", occupant="DeeTempleton",
      startDate=D("2023-11-29"), endDate=D("2024-07-09"),
      note="The observer could attend meetings and see confidential material but had no vote, including on electing directors.",
      statedReason="claim_seat_reason_stated", reportedReason="claim_seat_reason_antitrust",
      dateNote="Microsoft's letter is dated Tuesday 9 July 2024; the news broke on 10 July.")
    L("Microsoft", "observerOn", "OpenAI", by="seat_ms_observer")
    L("DeeTempleton", "observerOn", "OpenAI", by="seat_ms_observer")
    F("claim_templeton_observer", "Claim",
      "Bloomberg reported on 5 January 2024 that Dee Templeton had taken Microsoft's observer seat and was already attending OpenAI board meetings.",
      ["src_bnn_templeton", "src_verge_2024_01_05", "src_star_2024_01_06"], "Reported", claimant="Bloomberg",
      about=["DeeTempleton", "seat_ms_observer"], date=D("2024-01-05"),
      statement="Dee Templeton is Microsoft's observer on OpenAI's board.",
      note="Both companies declined to comment.")
    F("ev_seat_given_up", "Letter",
      "In a letter from deputy general counsel Keith Dolliver dated 9 July 2024, Microsoft gave up its OpenAI observer seat with immediate effect.",
      ["src_kvia_2024_07_10", "src_thewrap_2024_07_10", "src_quartz_observer"], "Confirmed", date=D("2024-07-09"),
      participant=["Microsoft", "KeithDolliver", "OpenAI"],
      outcome="OpenAI said it would keep partners informed through regular stakeholder meetings instead of observers.")
    F("claim_seat_reason_stated", "Claim",
      "Microsoft's stated reason for leaving the seat was that OpenAI's new board had made significant progress, so the seat was no longer needed.",
      ["src_kvia_2024_07_10", "src_thewrap_2024_07_10"], "Confirmed", claimant="Microsoft",
      about=["seat_ms_observer"], reasonFor="ev_seat_given_up", date=D("2024-07-09"),
      statement="The seat had served its purpose because the new board had made progress.")
    F("claim_seat_reason_antitrust", "Claim",
      "The press linked Microsoft's exit from the seat to growing antitrust scrutiny of AI partnerships by the FTC, the UK CMA and the EU.",
      ["src_kvia_2024_07_10", "src_quartz_observer"], "Reported", claimant=["AP", "Quartz"],
      about=["seat_ms_observer", "US_FTC", "UK_CMA", "EuropeanCommission"], reasonFor="ev_seat_given_up",
      date=D("2024-07-10"), statement="Regulatory pressure lay behind the move.",
      note="This is the press's explanation; Microsoft's letter cited governance progress instead.")
    F("claim_apple_observer", "Claim",
      "Apple, too, did not take up an OpenAI observer role it had been expected to get.",
      ["src_quartz_observer"], "Reported", claimant="Quartz", about=["Apple", "OpenAI"], date=D("2024-07"),
      statement="Apple will not take an observer seat on OpenAI's board.")



def dependencies_and_leverage(b: Builder) -> None:
    F, L = b.fact, b.link
    deps = [
        ("dep_openai_ms_compute", "OpenAI", "Microsoft", "kgqa:Compute",
         "OpenAI relies on Microsoft for the computing power, chiefly GPUs, to train and run its models.",
         ["src_article", "src_fortune_2019", "src_verge_2023_01"], "Confirmed"),
        ("dep_openai_ms_infrastructure", "OpenAI", "Microsoft", "kgqa:Infrastructure",
         "OpenAI relies on Microsoft's Azure data centres for infrastructure at a scale it could not easily find elsewhere.",
         ["src_article", "src_verge_2023_01", "src_neowin_2025_01_22"], "Confirmed"),
        ("dep_openai_ms_capital", "OpenAI", "Microsoft", "kgqa:Capital",
         "OpenAI relies on Microsoft as a main funder, with about $13 billion committed.",
         ["src_article", "src_sec_10q_2025"], "Confirmed"),
        ("dep_openai_ms_distribution", "OpenAI", "Microsoft", "kgqa:Distribution",
         "OpenAI relies on Microsoft's sales channels and products such as Copilot to reach business customers worldwide.",
         ["src_article"], "Reported"),
        ("dep_ms_openai_models", "Microsoft", "OpenAI", "kgqa:ModelsIP",
         "Microsoft relies on OpenAI's models and research for its AI products and to strengthen Azure.",
         ["src_article", "src_neowin_2025_01_22", "src_openai_2025_10_28"], "Confirmed"),
        ("dep_ms_openai_talent", "Microsoft", "OpenAI", "kgqa:Talent",
         "Microsoft's AI plans lean on the researchers at OpenAI who build the models.",
         ["src_article"], "Speculation"),
        ("dep_mistral_ms_compute", "MistralAI", "Microsoft", "kgqa:Compute",
         "Under the 2024 partnership Mistral AI uses Azure supercomputing to train its models.",
         ["src_dailymaverick_2024_02_26"], "Confirmed"),
        ("dep_mistral_ms_distribution", "MistralAI", "Microsoft", "kgqa:Distribution",
         "Mistral AI sells its premium models to customers through Azure AI.",
         ["src_dailymaverick_2024_02_26"], "Confirmed"),
        ("dep_anthropic_amazon_compute", "Anthropic", "Amazon", "kgqa:Compute",
         "Anthropic uses AWS as its primary cloud and model-training partner.",
         ["src_ndtv_2024_11_22"], "Confirmed"),
        ("dep_anthropic_amazon_capital", "Anthropic", "Amazon", "kgqa:Capital",
         "Anthropic is funded by Amazon, which has put in $8 billion.", ["src_ndtv_2024_11_22"], "Confirmed"),
        ("dep_anthropic_google_capital", "Anthropic", "Google", "kgqa:Capital",
         "Anthropic is also funded by Google, which committed up to $2 billion.", ["src_axios_2023_10_30"], "Confirmed"),
        ("dep_openai_softbank_capital", "OpenAI", "SoftBank", "kgqa:Capital",
         "OpenAI counts on SoftBank money that depends on finishing its for-profit conversion.",
         ["src_ft_2025_06_18", "src_fudzilla_2025_06_19"], "Reported"),
        ("dep_openai_stargate_infrastructure", "OpenAI", "Stargate", "kgqa:Infrastructure",
         "Stargate is building AI infrastructure in the US for OpenAI's use.",
         ["src_itweb_2025_01_22", "src_centerconsulting_stargate"], "Confirmed"),
    ]
    for fid, dep, prov, res, label, src, status in deps:
        F(fid, "Dependency", label, src, status, dependent=dep, provider=prov, resource=res)
        L(dep, "dependsOn", prov, by=fid)

    lev = [
        ("lev_ms_openai_infrastructure", "Microsoft", "OpenAI", "kgqa:Infrastructure",
         "Microsoft's leverage over OpenAI rests on the cloud infrastructure and compute it supplies through Azure.",
         ["src_article"], "Reported"),
        ("lev_ms_openai_compute", "Microsoft", "OpenAI", "kgqa:Compute",
         "Microsoft can supply the tens or hundreds of thousands of top GPUs OpenAI needs, which gives it a hold over OpenAI.",
         ["src_article"], "Reported"),
        ("lev_ms_openai_capital", "Microsoft", "OpenAI", "kgqa:Capital",
         "Microsoft's capital, billions already put in, gives it leverage over OpenAI.",
         ["src_article", "src_sec_10q_2025"], "Reported"),
        ("lev_ms_openai_distribution", "Microsoft", "OpenAI", "kgqa:Distribution",
         "Microsoft's market reach, its enterprise sales channels and products, gives it leverage over OpenAI.",
         ["src_article"], "Reported"),
        ("lev_ms_openai_alternatives", "Microsoft", "OpenAI", "kgqa:Alternatives",
         "Credible alternatives, such as Mistral AI and Microsoft's own models, strengthen Microsoft's hand against OpenAI.",
         ["src_article", "src_dailymaverick_2024_02_26", "src_msftunboxed_mai"], "Speculation"),
        ("lev_ms_openai_contract", "Microsoft", "OpenAI", "kgqa:ContractRights",
         "Microsoft's say over OpenAI's for-profit conversion and its contract access to OpenAI technology until 2030 gave it leverage in the 2025 talks.",
         ["src_ft_2025_06_18", "src_reuters_2025_06_18", "src_fudzilla_2025_06_19"], "Reported"),
        ("lev_ms_openai_talent", "Microsoft", "OpenAI", "kgqa:Talent",
         "Microsoft's readiness in November 2023 to hire OpenAI's staff showed it could pull away OpenAI's talent.",
         ["src_article", "src_siliconuk_2023_11_20"], "Speculation"),
        ("lev_openai_ms_models", "OpenAI", "Microsoft", "kgqa:ModelsIP",
         "OpenAI's leverage over Microsoft rests on its leading models and the intellectual property behind them.",
         ["src_article"], "Reported"),
        ("lev_openai_ms_talent", "OpenAI", "Microsoft", "kgqa:Talent",
         "OpenAI's leading researchers in generative AI add to its leverage over Microsoft.",
         ["src_article"], "Speculation"),
    ]
    for fid, holder, over, basis, label, src, status in lev:
        F(fid, "Leverage", label, src, status, holder=holder, over=over, basis=basis)
        L(holder, "hasLeverageOver", over, by=fid)


def rivals_and_diversification(b: Builder) -> None:
    F, L = b.fact, b.link
    rivals = [
        ("GoogleCloud", "Azure", ["src_article"], "Confirmed",
         "Google Cloud competes with Azure for cloud customers."),
        ("AWS", "Azure", ["src_article"], "Confirmed", "AWS competes with Azure for cloud customers."),
        ("GoogleDeepMind", "OpenAI", ["src_article", "src_9to5google_2023_04_20"], "Confirmed",
         "Google DeepMind is a well-funded rival to OpenAI."),
        ("Anthropic", "OpenAI", ["src_article", "src_axios_2023_10_30"], "Confirmed",
         "Anthropic is a well-funded rival to OpenAI."),
        ("MistralAI", "OpenAI", ["src_dailymaverick_2024_02_26", "src_article"], "Confirmed",
         "Mistral AI is described as an OpenAI rival."),
        ("GoogleDeepMind", "Microsoft", ["src_ft_deepmind_si"], "Reported",
         "The FT tied Google DeepMind's creation to competitive pressure from ChatGPT and Microsoft."),
        ("Google", "Microsoft", ["src_entrepreneur_2024_08_01", "src_mint_10k"], "Confirmed",
         "Microsoft's 2024 annual report lists Google among its AI competitors."),
        ("Amazon", "Microsoft", ["src_entrepreneur_2024_08_01", "src_mint_10k"], "Confirmed",
         "Microsoft's 2024 annual report lists Amazon among its AI competitors."),
        ("Meta", "Microsoft", ["src_entrepreneur_2024_08_01", "src_mint_10k"], "Confirmed",
         "Microsoft's 2024 annual report lists Meta among its AI competitors."),
        ("Anthropic", "Microsoft", ["src_entrepreneur_2024_08_01", "src_mint_10k"], "Confirmed",
         "Microsoft's 2024 annual report lists Anthropic among its AI competitors."),
    ]
    for a, c, src, status, label in rivals:
        L(a, "competesWith", c, src=src, status=status, label=label)
    F("claim_10k_openai_competitor", "Claim",
      "Microsoft's FY2024 10-K, filed 30 July 2024, named OpenAI as a competitor for the first time, in AI offerings and in search and news advertising.",
      ["src_entrepreneur_2024_08_01", "src_mint_10k"], "Confirmed", claimant="Microsoft",
      about=["OpenAI", "Microsoft"], date=D("2024-07-30"),
      statement="OpenAI competes with Microsoft in AI products and in search and news advertising.",
      note="The same filing lists Anthropic, Meta, Amazon and Google.")
    L("OpenAI", "competesWith", "Microsoft", by="claim_10k_openai_competitor")
    F("ev_google_deepmind_formed", "Restructuring",
      "On 20 April 2023 Alphabet merged DeepMind and Google Brain into Google DeepMind under Demis Hassabis.",
      ["src_9to5google_2023_04_20", "src_ft_deepmind_si"], "Confirmed", date=D("2023-04-20"),
      participant=["Alphabet", "DeepMind", "GoogleBrain", "GoogleDeepMind", "DemisHassabis"],
      outcome="The FT linked the move to pressure from ChatGPT and Microsoft.")
    F("ev_anthropic_founded", "Event",
      "Anthropic was founded in 2021 by former OpenAI staff, among them Dario and Daniela Amodei.",
      ["src_axios_2023_10_30"], "Confirmed", date=D("2021"),
      participant=["Anthropic", "DarioAmodei", "DanielaAmodei"])
    F("claim_amazon_pledge_2023_09", "Claim",
      "Amazon pledged up to $4 billion to Anthropic in September 2023.",
      ["src_ledger_anthropic", "src_ndtv_2024_11_22"], "Confirmed", claimant="Amazon",
      about=["Anthropic", "inv_amazon_anthropic_2024_03"], date=D("2023-09"), amount=N(4_000_000_000),
      currency="USD", amountQualifier="up to", statement="Amazon will invest up to $4 billion in Anthropic.")
    # Microsoft's diversification
    div = [
        ("div_ms_mistral", "MistralAI",
         "Microsoft's partnership with and stake in Mistral AI gives it a second source of frontier models besides OpenAI.",
         ["src_dailymaverick_2024_02_26", "src_globaldata_2024_02_28", "src_article"], "Reported", D("2024-02-26")),
        ("div_ms_inflection", "InflectionAI",
         "By hiring Inflection AI's founders and staff to run Microsoft AI, Microsoft built in-house AI leadership less tied to OpenAI.",
         ["src_register_2024_03_19", "src_rappler_suleyman"], "Reported", D("2024-03-19")),
        ("div_ms_microsoftai", "MicrosoftAI",
         "Microsoft's own AI division gives it a path to models that do not come from OpenAI.",
         ["src_register_2024_03_19", "src_article"], "Reported", D("2024-03-19")),
        ("div_ms_mai_models", "MAI1Preview",
         "Microsoft's first in-house models, MAI-Voice-1 and MAI-1-preview, reduce its reliance on OpenAI models.",
         ["src_msftunboxed_mai", "src_winaero_mai", "src_article"], "Reported", D("2025-08-28")),
    ]
    for fid, alt, label, src, status, date in div:
        F(fid, "Diversification", label, src, status, diversifier="Microsoft", alternative=alt,
          lessensRelianceOn="OpenAI", date=date)
        L(alt, "alternativeTo", "OpenAI", by=fid)
    b.add("kg:div_ms_mai_models", "kgqa:alternative", "@kg:MAIVoice1")
    F("div_openai_stargate", "Diversification",
      "Stargate and the end of Azure exclusivity let OpenAI add compute from SoftBank, Oracle and others beside Microsoft.",
      ["src_itweb_2025_01_22", "src_neowin_2025_01_22", "src_aifray_2025_01"], "Confirmed",
      diversifier="OpenAI", alternative=["Stargate", "Oracle"], lessensRelianceOn="Microsoft", date=D("2025-01-21"))
    L("Stargate", "alternativeTo", "Microsoft", by="div_openai_stargate")
    F("div_ms_agi_freedom", "Diversification",
      "Since October 2025 Microsoft may pursue AGI on its own or with partners other than OpenAI.",
      ["src_openai_2025_10_28"], "Confirmed", diversifier="Microsoft", alternative="MicrosoftAI",
      lessensRelianceOn="OpenAI", date=D("2025-10-28"), partOf="agr_definitive_2025")
    # partnerships as direct links
    L("Microsoft", "partnerOf", "OpenAI", by="agr_2019_partnership")
    L("Microsoft", "partnerOf", "MistralAI", by="agr_mistral_2024")
    for p in ["SoftBank", "Oracle", "MGX", "OpenAI"]:
        L(p, "investedIn", "Stargate", by=f"inv_{p}_stargate")
        F(f"inv_{p}_stargate", "Investment",
          f"{b.name(p)} is one of Stargate's initial equity funders.",
          ["src_itweb_2025_01_22", "src_centerconsulting_stargate"], "Confirmed", investor=p, investee="Stargate",
          date=D("2025-01-21"), round="initial equity", figureStatus="undisclosed")
    for p in ["Arm", "Microsoft", "NVIDIA", "Oracle", "OpenAI"]:
        L(p, "partnerOf", "Stargate", by="ev_stargate")


def agreements_and_terms(b: Builder) -> None:
    F, L = b.fact, b.link
    F("agr_2019_partnership", "Agreement",
      "In July 2019 Microsoft and OpenAI agreed a computing partnership alongside the $1 billion investment: OpenAI would move to Azure and the two would build Azure AI supercomputers together.",
      ["src_fortune_2019", "src_usatoday_2019", "src_openai_blog_2019"], "Confirmed", date=D("2019-07-22"),
      participant=["Microsoft", "OpenAI", "OpenAI_LP"], party=["Microsoft", "OpenAI"],
      hasTerm=["term_azure_exclusive_2019", "term_preferred_partner_2019"], resultedIn="inv_ms_openai_2019")
    F("term_azure_exclusive_2019", "ContractTerm",
      "From 2019 Azure was OpenAI's exclusive cloud provider, in OpenAI's own words.",
      ["src_openai_blog_2019", "src_fortune_2019"], "Confirmed", beneficiary="Microsoft", obligor="OpenAI",
      party=["Microsoft", "OpenAI"], startDate=D("2019-07-22"), endDate=D("2025-01-21"),
      note="Microsoft's release spoke of OpenAI porting its services to Azure rather than of exclusivity.")
    F("term_preferred_partner_2019", "ContractTerm",
      "Microsoft became OpenAI's preferred partner for bringing new AI technology to market.",
      ["src_fortune_2019"], "Confirmed", beneficiary="Microsoft", obligor="OpenAI", startDate=D("2019-07-22"))
    F("agr_gpt3_licence", "Agreement",
      "On 22 September 2020 Microsoft obtained an exclusive licence to GPT-3's underlying model; others could still use GPT-3 through OpenAI's API.",
      ["src_vice_gpt3", "src_medium_gpt3"], "Confirmed", date=D("2020-09-22"),
      participant=["Microsoft", "OpenAI", "GPT3"], party=["Microsoft", "OpenAI"])
    F("agr_2023_extension", "Agreement",
      "On 23 January 2023 Microsoft announced the third phase of its OpenAI partnership, a multiyear multibillion-dollar investment.",
      ["src_verge_2023_01", "src_zdnet_2023_01", "src_national_2023_01"], "Confirmed", date=D("2023-01-23"),
      participant=["Microsoft", "OpenAI"], resultedIn="inv_ms_openai_2023", hasTerm="term_azure_exclusive_2023")
    F("term_azure_exclusive_2023", "ContractTerm",
      "The 2023 extension confirmed Azure as OpenAI's exclusive cloud for research, products and API services.",
      ["src_verge_2023_01", "src_zdnet_2023_01"], "Confirmed", beneficiary="Microsoft", obligor="OpenAI",
      startDate=D("2023-01-23"), endDate=D("2025-01-21"), supersedes="term_azure_exclusive_2019")
    F("term_rofr_2025", "ContractTerm",
      "From 21 January 2025 Microsoft was no longer OpenAI's exclusive compute provider for new capacity but held a right of first refusal.",
      ["src_neowin_2025_01_22", "src_techcrunch_2025_01_22", "src_aifray_2025_01"], "Confirmed",
      beneficiary="Microsoft", obligor="OpenAI", startDate=D("2025-01-21"), endDate=D("2025-10-28"),
      supersedes="term_azure_exclusive_2023",
      note="OpenAI had to offer Microsoft new capacity first and could go elsewhere only if Microsoft could not supply it; OpenAI could also build capacity of its own, mainly for research and model training.")
    F("agr_jan_2025_change", "Agreement",
      "In a 21 January 2025 blog post Microsoft swapped its cloud exclusivity for a right of first refusal and kept the core terms through 2030.",
      ["src_neowin_2025_01_22", "src_techcrunch_2025_01_22", "src_aifray_2025_01"], "Confirmed",
      date=D("2025-01-21"), participant=["Microsoft", "OpenAI"],
      hasTerm=["term_rofr_2025", "term_core_2030", "term_new_azure_commitment_2025"])
    F("term_core_2030", "ContractTerm",
      "The core terms ran through 2030: Microsoft's rights to OpenAI IP, OpenAI API exclusivity on Azure, two-way revenue sharing and Microsoft's role as a major investor.",
      ["src_neowin_2025_01_22", "src_ft_2025_06_18"], "Confirmed", beneficiary="Microsoft", obligor="OpenAI",
      validUntil=D("2030"), party=["Microsoft", "OpenAI"])
    F("term_new_azure_commitment_2025", "ContractTerm",
      "In January 2025 OpenAI made a new, large commitment to buy Azure services.",
      ["src_neowin_2025_01_22"], "Confirmed", beneficiary="Microsoft", obligor="OpenAI", startDate=D("2025-01-21"))
    F("term_revenue_share_pre2025", "ContractTerm",
      "Under the contract before 2025 Microsoft got 20% of OpenAI's revenue through 2030, capped at $92 billion according to the FT.",
      ["src_ft_2025_06_18", "src_fudzilla_2025_06_19", "src_reuters_info_2025_05_07", "src_indiatoday_2025_05_07"],
      "Reported", beneficiary="Microsoft", obligor="OpenAI", percentage=N(20), amount=N(92_000_000_000),
      currency="USD", amountQualifier="up to", validUntil=D("2030"),
      note="Never confirmed in Microsoft filings; Microsoft's line was that revenue sharing runs both ways.")
    F("term_exclusive_sales_2019", "ContractTerm",
      "The FT says the 2019 contract gave Microsoft exclusive rights to sell OpenAI's models.",
      ["src_ft_2025_06_18", "src_fudzilla_2025_06_19"], "Reported", beneficiary="Microsoft", obligor="OpenAI",
      startDate=D("2019"))
    F("term_agi_clause_pre2025", "ContractTerm",
      "Under the earlier contract Microsoft would lose some rights to OpenAI's new technology once OpenAI reached AGI, which Bloomberg says was defined as a system able to earn about $100 billion in profit.",
      ["src_outlook_business_agi", "src_scmp_2025_07"], "Reported", beneficiary="OpenAI", obligor="Microsoft",
      amount=N(100_000_000_000), currency="USD", amountQualifier="about", date=D("2025-07"),
      dateNote="Reported in July 2025.")
    F("plan_revenue_share_cut", "Claim",
      "In May 2025 OpenAI told investors it expected to cut the revenue share paid to partners such as Microsoft to about 10% by 2030.",
      ["src_reuters_info_2025_05_07", "src_indiatoday_2025_05_07"], "Reported", claimant="TheInformation",
      about=["OpenAI", "Microsoft", "term_revenue_share_pre2025"], date=D("2025-05-06"), percentage=N(10),
      validUntil=D("2030"),
      statement="OpenAI plans to lower the share of revenue it pays Microsoft from 20% to about 10% by 2030.",
      note="Another report gives about 8%.")
    F("claim_revenue_share_8pct", "Claim",
      "Another report put OpenAI's target revenue share for partners at about 8% by 2030.",
      ["src_indiatoday_2025_05_07"], "Reported", claimant="IndiaToday", about="plan_revenue_share_cut",
      percentage=N(8), validUntil=D("2030"), statement="The share would fall to about 8%.")
    F("ev_mou_2025", "Agreement",
      "On 11 September 2025 Microsoft and OpenAI signed a non-binding memorandum of understanding on the next phase of their partnership.",
      ["src_tmcnet_2025_09_11", "src_quarkybyte_mou"], "Confirmed", date=D("2025-09-11"),
      participant=["Microsoft", "OpenAI"], resultedIn="agr_definitive_2025",
      dateNote="One site dates it 9 September; the others say 11 September.")
    F("agr_definitive_2025", "Agreement",
      "On 28 October 2025 Microsoft and OpenAI signed a definitive agreement alongside OpenAI's recapitalisation as a public benefit corporation.",
      ["src_openai_2025_10_28", "src_sec_10q_2025", "src_benzinga_2025_10_28", "src_telegraphindia_2025_10_28"],
      "Confirmed", date=D("2025-10-28"), participant=["Microsoft", "OpenAI", "OpenAI_Group_PBC", "OpenAI_Nonprofit"],
      hasTerm=["term_agi_panel_2025", "term_ip_2032", "term_research_ip_2030", "term_no_hardware_ip",
               "term_revenue_share_2025", "term_azure_250b", "term_no_rofr_2025", "term_api_azure_exclusive_2025",
               "term_codevelop_2025", "term_natsec_2025"],
      resultedIn=["own_ms_openai_2025", "div_ms_agi_freedom"])
    terms = [
        ("term_agi_panel_2025", "Any AGI declaration by OpenAI must now be checked by an independent expert panel.",
         "OpenAI", "Microsoft", {}),
        ("term_ip_2032", "Microsoft's rights to OpenAI's model and product IP now run through 2032 and cover post-AGI models, with safety guardrails.",
         "Microsoft", "OpenAI", {"validUntil": D("2032")}),
        ("term_research_ip_2030", "Microsoft's rights to OpenAI's research IP last until the panel confirms AGI or through 2030, whichever is sooner.",
         "Microsoft", "OpenAI", {"validUntil": D("2030")}),
        ("term_no_hardware_ip", "Microsoft's IP rights no longer cover OpenAI's consumer hardware.",
         "OpenAI", "Microsoft", {}),
        ("term_revenue_share_2025", "The revenue share continues until the expert panel confirms AGI, with payments spread over a longer time.",
         "Microsoft", "OpenAI", {"supersedes": "term_revenue_share_pre2025"}),
        ("term_azure_250b", "OpenAI has contracted to buy a further $250 billion of Azure services.",
         "Microsoft", "OpenAI", {"amount": N(250_000_000_000), "currency": "USD"}),
        ("term_no_rofr_2025", "Microsoft no longer holds a right of first refusal to be OpenAI's compute provider.",
         "OpenAI", "Microsoft", {"supersedes": "term_rofr_2025"}),
        ("term_api_azure_exclusive_2025", "OpenAI's API products stay exclusive to Azure until AGI is verified, while its other products may run on any cloud.",
         "Microsoft", "OpenAI", {}),
        ("term_codevelop_2025", "OpenAI may now develop some products jointly with third parties.",
         "OpenAI", "Microsoft", {}),
        ("term_natsec_2025", "OpenAI may serve US national-security customers on any cloud.",
         "OpenAI", "Microsoft", {}),
    ]
    for fid, label, ben, obl, extra in terms:
        F(fid, "ContractTerm", label, ["src_openai_2025_10_28", "src_sec_10q_2025"] if fid in
          {"term_azure_250b", "term_no_rofr_2025"} else ["src_openai_2025_10_28"], "Confirmed",
          beneficiary=ben, obligor=obl, startDate=D("2025-10-28"), partOf="agr_definitive_2025", **extra)
    F("agr_mistral_2024", "Agreement",
      "On 26 February 2024 Microsoft and Paris-based Mistral AI announced a multi-year partnership covering Azure supercomputing, sale of Mistral models on Azure AI and possible joint models for customers such as European public bodies.",
      ["src_dailymaverick_2024_02_26", "src_globaldata_2024_02_28", "src_techtimes_2024_03_03"], "Confirmed",
      date=D("2024-02-26"), participant=["Microsoft", "MistralAI"], resultedIn="inv_ms_mistral_2024")
    F("claim_mistral_2bn_azure", "Claim",
      "One TechTarget article said Microsoft would put €2 billion of Azure infrastructure into Mistral; no other source backs this.",
      ["src_globaldata_2024_02_28"], "Speculation", claimant="TechTarget",
      about=["agr_mistral_2024"], statement="Unsupported single-source figure; do not use.",
      note="Recorded only so the graph can say the figure is unsupported.")
    F("ev_stargate", "Announcement",
      "On 21 January 2025 OpenAI, SoftBank and Oracle unveiled Stargate at the White House with President Trump: up to $500 billion for US AI infrastructure over four years, $100 billion at once.",
      ["src_itweb_2025_01_22", "src_mint_2025_01_22", "src_centerconsulting_stargate"], "Confirmed",
      date=D("2025-01-21"), participant=["OpenAI", "SoftBank", "Oracle", "MGX", "Stargate", "DonaldTrump",
                                         "MasayoshiSon", "WhiteHouse", "Arm", "Microsoft", "NVIDIA"],
      amount=N(500_000_000_000), currency="USD", amountQualifier="up to",
      outcome="SoftBank carries financial responsibility and OpenAI operational responsibility; Arm, Microsoft, NVIDIA, Oracle and OpenAI are the first technology partners.")
    F("claim_stargate_100b", "Claim",
      "Stargate planned to deploy $100 billion immediately.", ["src_itweb_2025_01_22", "src_mint_2025_01_22"],
      "Confirmed", claimant="SoftBank", about="ev_stargate", amount=N(100_000_000_000), currency="USD",
      statement="$100 billion would be deployed straight away.")
    F("claim_ms_stargate_role", "Claim",
      "Microsoft is a Stargate technology partner, not an equity investor.",
      ["src_neowin_2025_01_22", "src_itweb_2025_01_22"], "Confirmed", claimant="Microsoft",
      about=["Microsoft", "Stargate"], date=D("2025-01-21"),
      statement="Microsoft supplies technology to Stargate but holds no equity in it.")
    # OpenAI's structure
    F("restr_openai_lp_2019", "Restructuring",
      "On 11 March 2019 OpenAI set up OpenAI LP, a capped-profit company controlled by the nonprofit's board, with first-round returns capped at 100 times.",
      ["src_openai_lp_2019", "src_centerconsulting_lp"], "Confirmed", date=D("2019-03-11"),
      participant=["OpenAI", "OpenAI_LP", "OpenAI_Nonprofit"],
      outcome="Gains above the cap go to the nonprofit; Microsoft's 2019 money went into OpenAI LP.")
    F("restr_nonprofit_control_2025", "Restructuring",
      "On 5 May 2025 OpenAI dropped its plan to escape nonprofit control: the nonprofit stays in charge and the for-profit LLC becomes a public benefit corporation.",
      ["src_shropshire_2025_05_05", "src_jakartaglobe_2025_05_06"], "Confirmed", date=D("2025-05-05"),
      participant=["OpenAI", "OpenAI_Nonprofit", "CaliforniaAG", "DelawareAG"],
      outcome="OpenAI cited talks with the California and Delaware attorneys general; the nonprofit also becomes a large shareholder.")
    F("restr_openai_pbc_2025", "Restructuring",
      "On 28 October 2025 OpenAI's for-profit arm became OpenAI Group PBC, still controlled by the nonprofit, now called the OpenAI Foundation.",
      ["src_openai_2025_10_28", "src_telegraphindia_2025_10_28"], "Confirmed", date=D("2025-10-28"),
      participant=["OpenAI", "OpenAI_Group_PBC", "OpenAI_Nonprofit", "Microsoft"], partOf="agr_definitive_2025")


def regulators(b: Builder) -> None:
    F, L = b.fact, b.link
    F("rev_cma_ms_openai", "RegulatoryReview",
      "The UK CMA looked at the Microsoft–OpenAI partnership from 8 December 2023 and closed the case on 5 March 2025 without a merger investigation.",
      ["src_cna_2025_03_05", "src_macfarlanes_2025_06_03"], "Confirmed", reviewedBy="UK_CMA",
      reviewOf=["Microsoft", "OpenAI"], startDate=D("2023-12-08"), endDate=D("2025-03-05"),
      date=D("2025-03-05"), participant=["UK_CMA", "Microsoft", "OpenAI"],
      outcome="Microsoft had held material influence over OpenAI since 2019 but had not gained de facto control; the CMA said this did not mean there were no competition concerns.")
    F("rev_ec_ai_deals", "RegulatoryReview",
      "In February 2024 the European Commission said it was examining deals between big digital firms and generative-AI developers, including Microsoft's with Mistral AI.",
      ["src_itpro_mistral"], "Confirmed", reviewedBy="EuropeanCommission",
      reviewOf=["Microsoft", "MistralAI", "agr_mistral_2024"], date=D("2024-02"),
      participant=["EuropeanCommission", "Microsoft", "MistralAI"])
    F("rev_cma_mistral", "RegulatoryReview",
      "The UK CMA invited comment on Microsoft's Mistral deal in April 2024 and decided in May 2024 that it did not qualify for a merger investigation.",
      ["src_itpro_mistral", "src_cnbc_mistral_cma"], "Confirmed", reviewedBy="UK_CMA",
      reviewOf=["Microsoft", "MistralAI", "agr_mistral_2024"], startDate=D("2024-04"), endDate=D("2024-05"),
      date=D("2024-05"), participant=["UK_CMA", "Microsoft", "MistralAI"],
      outcome="Microsoft had not gained material influence over Mistral AI.",
      dateNote="The exact day of the May 2024 decision is not confirmed.")
    F("rev_cma_inflection", "RegulatoryReview",
      "The UK CMA later examined whether Microsoft's hiring of Inflection AI's leaders amounted to a merger.",
      ["src_register_2024_03_19"], "Confirmed", reviewedBy="UK_CMA", reviewOf=["Microsoft", "InflectionAI"],
      date=D("2024"), participant=["UK_CMA", "Microsoft", "InflectionAI"])
    F("rev_ftc_scrutiny", "RegulatoryReview",
      "The press described growing US FTC scrutiny of AI partnerships such as Microsoft's with OpenAI in 2024.",
      ["src_kvia_2024_07_10", "src_quartz_observer"], "Reported", reviewedBy="US_FTC",
      reviewOf=["Microsoft", "OpenAI"], date=D("2024-07"), participant=["US_FTC", "Microsoft", "OpenAI"])
    for fid, reg, obj in [("rev_cma_ms_openai", "UK_CMA", "OpenAI"), ("rev_cma_ms_openai", "UK_CMA", "Microsoft"),
                          ("rev_ec_ai_deals", "EuropeanCommission", "MistralAI"),
                          ("rev_cma_mistral", "UK_CMA", "MistralAI"),
                          ("rev_cma_inflection", "UK_CMA", "InflectionAI"),
                          ("rev_ftc_scrutiny", "US_FTC", "OpenAI")]:
        L(reg, "reviewed", obj, by=fid)
    for ent, place, src in [("UK_CMA", "UnitedKingdom", "src_cna_2025_03_05"),
                            ("EuropeanCommission", "EuropeanUnion", "src_itpro_mistral"),
                            ("US_FTC", "UnitedStates", "src_kvia_2024_07_10"),
                            ("MistralAI", "Paris", "src_dailymaverick_2024_02_26"),
                            ("OpenAI", "UnitedStates", "src_fortune_2019")]:
        L(ent, "basedIn", place, src=[src], status="Confirmed", label=f"{b.name(ent)} is based in {b.name(place)}.")
    L("Microsoft", "basedIn", "Redmond", by="launch_bing_chat")


def reports_and_negotiation(b: Builder) -> None:
    F, L = b.fact, b.link
    F("report_ft_walkaway", "Report",
      "On 18 June 2025 the FT reported that Microsoft was prepared to walk away from its high-stakes talks with OpenAI.",
      ["src_ft_2025_06_18", "src_mint_2025_06_19", "src_fudzilla_2025_06_19", "src_article"], "Confirmed",
      date=D("2025-06-18"), publishedBy="FT",
      participant=["FT"], author=["CristinaCriddle", "TabbyKinder", "RafeUddin", "GeorgeHammond"],
      pickedUpBy="report_reuters_pickup", makesClaim=["claim_walkaway", "claim_halt_talks", "claim_daily_meetings",
                                                      "claim_openai_needs_approval", "claim_softbank_at_risk",
                                                      "claim_ft_valuation_300b"],
      note="Written by Cristina Criddle, Tabby Kinder, Rafe Uddin and George Hammond, citing people familiar with the matter. Some Indian outlets date it 19 June (local time).")
    F("report_reuters_pickup", "Report",
      "Reuters rewrote the FT's walk-away story the same day, 18 June 2025, and said neither company had immediately answered its request for comment.",
      ["src_reuters_2025_06_18", "src_allmind_reuters", "src_article"], "Confirmed", date=D("2025-06-18"),
      publishedBy="Reuters", relays="report_ft_walkaway", makesClaim="claim_walkaway")
    L("FT", "reportedOn", "Microsoft", by="claim_walkaway")
    L("FT", "reportedOn", "OpenAI", by="claim_walkaway")
    L("Reuters", "reportedOn", "Microsoft", by="report_reuters_pickup_about")
    F("report_reuters_pickup_about", "Claim",
      "Reuters relayed that Microsoft might abandon its talks with OpenAI, crediting the FT.",
      ["src_reuters_2025_06_18"], "Reported", claimant="Reuters", about=["Microsoft", "OpenAI", "report_ft_walkaway"],
      date=D("2025-06-18"), statement="Microsoft was prepared to walk away from the OpenAI talks, according to the FT.")
    F("report_wsj_antitrust", "Report",
      "On 16 June 2025 the WSJ reported that OpenAI executives had discussed accusing Microsoft of anticompetitive behaviour and asking federal regulators to review their contract.",
      ["src_benzinga_2025_06_17"], "Confirmed", date=D("2025-06-16"), publishedBy="WSJ",
      makesClaim="claim_openai_antitrust_threat")
    F("claim_openai_antitrust_threat", "Claim",
      "OpenAI executives weighed a public antitrust accusation against Microsoft and a push for a federal review of the contract.",
      ["src_benzinga_2025_06_17"], "Reported", claimant="WSJ", about=["OpenAI", "Microsoft", "neg_2025"],
      date=D("2025-06-16"), statement="OpenAI considered accusing Microsoft of anticompetitive conduct.")
    L("WSJ", "reportedOn", "OpenAI", by="claim_openai_antitrust_threat")
    F("claim_walkaway", "Claim",
      "The FT, citing people familiar with the talks, said Microsoft was ready to walk away from the negotiations over the future of the alliance as OpenAI sought to become a for-profit company.",
      ["src_ft_2025_06_18", "src_reuters_2025_06_18", "src_mint_2025_06_19", "src_article"], "Reported",
      claimant=["FT", "Reuters"], about=["Microsoft", "OpenAI", "neg_2025"], date=D("2025-06-18"),
      statement="Microsoft is prepared to walk away from the OpenAI talks.")
    F("claim_halt_talks", "Claim",
      "Failing a deal, Microsoft had weighed halting the talks and relying on its existing contract, which gives it access to OpenAI technology until 2030.",
      ["src_ft_2025_06_18", "src_reuters_2025_06_18", "src_fudzilla_2025_06_19"], "Reported", claimant="FT",
      about=["Microsoft", "neg_2025", "term_core_2030"], date=D("2025-06-18"),
      statement="Microsoft could stop negotiating and fall back on its current contract until 2030.")
    F("claim_daily_meetings", "Claim",
      "The FT said the two sides were still meeting every day.",
      ["src_ft_2025_06_18", "src_fudzilla_2025_06_19"], "Reported", claimant="FT", about="neg_2025",
      date=D("2025-06-18"), statement="Negotiators from both companies still met daily.")
    F("claim_openai_needs_approval", "Claim",
      "OpenAI needed Microsoft to approve its for-profit conversion by the end of 2025.",
      ["src_ft_2025_06_18", "src_fudzilla_2025_06_19", "src_mint_2025_06_19"], "Reported", claimant="FT",
      about=["OpenAI", "Microsoft", "issue_conversion_approval"], date=D("2025-06-18"),
      statement="OpenAI cannot complete its conversion without Microsoft's consent.")
    F("claim_softbank_at_risk", "Claim",
      "Without approval by year-end OpenAI risked losing SoftBank funding, up to $10 billion according to the FT.",
      ["src_ft_2025_06_18", "src_fudzilla_2025_06_19"], "Reported", claimant="FT",
      about=["OpenAI", "SoftBank", "issue_conversion_approval"], date=D("2025-06-18"),
      amount=N(10_000_000_000), currency="USD", amountQualifier="up to",
      statement="Up to $10 billion from SoftBank depends on the conversion going through.")
    F("claim_ft_valuation_300b", "Claim",
      "The FT valued OpenAI at $300 billion in June 2025.",
      ["src_ft_2025_06_18"], "Reported", claimant="FT", about="OpenAI", date=D("2025-06-18"),
      valuation=N(300_000_000_000), currency="USD", statement="OpenAI is worth about $300 billion.")
    F("ev_joint_statement", "Announcement",
      "After the June 2025 reports Microsoft and OpenAI issued a joint statement that talks were continuing and that they were optimistic.",
      ["src_ft_2025_06_18", "src_mint_2025_06_19"], "Confirmed", date=D("2025-06"),
      participant=["Microsoft", "OpenAI"], partOf="neg_2025",
      dateNote="Issued shortly after the WSJ report of 16 June 2025; the day is not given in the sources.")
    F("neg_2025", "Negotiation",
      "In 2025 Microsoft and OpenAI negotiated the future of their alliance as OpenAI sought to convert to a for-profit company.",
      ["src_ft_2025_06_18", "src_reuters_2025_06_18", "src_article", "src_openai_2025_10_28"], "Confirmed",
      date=D("2025"), startDate=D("2025"), endDate=D("2025-10-28"), participant=["Microsoft", "OpenAI"],
      resultedIn=["ev_mou_2025", "agr_definitive_2025"],
      outcome="A non-binding MOU in September 2025 and a definitive agreement on 28 October 2025.",
      hasIssue=["issue_governance", "issue_commercial_terms", "issue_strategic_direction", "issue_model_access",
                "issue_equity_stake", "issue_revenue_share", "issue_technology_access", "issue_agi_clause",
                "issue_windsurf_ip", "issue_conversion_approval"])
    L("Microsoft", "partnerOf", "OpenAI", by="neg_2025")
    issues = [
        ("issue_governance", "governance",
         "Governance, meaning who really controls the partnership, was a likely point of dispute in the 2025 talks.",
         ["src_article"], "Speculation", {"claimant": "src_article"}),
        ("issue_commercial_terms", "commercial terms",
         "Commercial terms, such as how revenue is split, were a likely point of dispute in the 2025 talks.",
         ["src_article"], "Speculation", {"claimant": "src_article"}),
        ("issue_strategic_direction", "strategic direction",
         "Strategic direction, meaning where development priorities should lie, was a likely point of dispute in the 2025 talks.",
         ["src_article"], "Speculation", {"claimant": "src_article"}),
        ("issue_model_access", "model access and safety",
         "Who gets new models first, at what price and under which safety rules was at stake in the talks, the commentary argues.",
         ["src_article"], "Speculation", {"claimant": "src_article"}),
        ("issue_equity_stake", "equity stake",
         "The main sticking point was the size of Microsoft's stake in the converted OpenAI; figures from 20% to 49% were discussed.",
         ["src_ft_2025_06_18", "src_fudzilla_2025_06_19"], "Reported",
         {"claimant": "FT", "percentage": N(20), "percentageMax": N(49)}),
        ("issue_revenue_share", "revenue share",
         "Microsoft was reluctant to give up its 20% share of OpenAI revenue, capped at $92 billion.",
         ["src_ft_2025_06_18", "src_fudzilla_2025_06_19"], "Reported",
         {"claimant": "FT", "percentage": N(20), "amount": N(92_000_000_000), "currency": "USD"}),
        ("issue_technology_access", "technology access",
         "Microsoft was reluctant to give up its access to OpenAI technology, which runs through 2030 under the existing contract.",
         ["src_ft_2025_06_18", "src_reuters_2025_06_18", "src_fudzilla_2025_06_19"], "Reported",
         {"claimant": "FT", "validUntil": D("2030")}),
        ("issue_agi_clause", "AGI clause",
         "The clause that ends some of Microsoft's rights once OpenAI reaches AGI was in dispute, according to The Information, Bloomberg and other FT reports.",
         ["src_quasa_information_2025_06", "src_decoder_ft_2024_12", "src_scmp_2025_07", "src_posthaven_ft",
          "src_outlook_business_agi"], "Reported",
         {"claimant": ["TheInformation", "Bloomberg", "FT"],
          "note": "Not in the available excerpts of the FT report of 18 June 2025; the FT in December 2024 said OpenAI was weighing removal of the clause, and a later FT piece said Microsoft wanted it removed."}),
        ("issue_windsurf_ip", "Windsurf IP",
         "The two sides also disagreed over rights to the IP of Windsurf, the $3 billion coding start-up OpenAI planned to buy.",
         ["src_ft_2025_06_18", "src_mint_2025_06_19"], "Reported",
         {"claimant": "FT", "about": "Windsurf", "amount": N(3_000_000_000), "currency": "USD"}),
        ("issue_conversion_approval", "for-profit conversion approval",
         "OpenAI needed Microsoft's approval of its for-profit conversion, with SoftBank money at stake.",
         ["src_ft_2025_06_18", "src_fudzilla_2025_06_19"], "Reported", {"claimant": "FT", "about": "SoftBank"}),
    ]
    for fid, kind, label, src, status, extra in issues:
        claimant = extra.pop("claimant")
        F(fid, "NegotiationIssue", label, src, status, issueKind=kind, partOf="neg_2025",
          party=["Microsoft", "OpenAI"], raisedBy=claimant, **extra)
    F("claim_ft_disagreements", "Claim",
      "The FT report pointed to disagreements in the recent negotiations, without public detail at first.",
      ["src_article", "src_ft_2025_06_18"], "Reported", claimant="FT", about="neg_2025", date=D("2025-06-18"),
      statement="Microsoft and OpenAI disagreed during their talks.")
    F("claim_restructure_slip", "Claim",
      "A later FT piece said the talks could push OpenAI's restructuring into the next year, with Microsoft seeking to drop the AGI clause.",
      ["src_posthaven_ft"], "Reported", claimant="FT", about=["neg_2025", "issue_agi_clause"],
      statement="OpenAI's restructuring may slip into the following year.")
    F("claim_agi_removal_dec2024", "Claim",
      "In December 2024 the FT reported that OpenAI was considering removing the AGI clause that limits Microsoft's access to its most advanced models.",
      ["src_decoder_ft_2024_12"], "Reported", claimant="FT", about=["issue_agi_clause", "term_agi_clause_pre2025"],
      date=D("2024-12"), statement="OpenAI might drop the AGI clause.")
    F("claim_post_agi_access", "Claim",
      "Bloomberg reported in July 2025 that the two were discussing Microsoft keeping access to OpenAI technology after AGI.",
      ["src_scmp_2025_07", "src_outlook_business_agi"], "Reported", claimant="Bloomberg",
      about=["issue_agi_clause", "neg_2025"], date=D("2025-07"),
      statement="Microsoft was near a deal to keep using OpenAI technology even after AGI.")


def article_reasoning(b: Builder) -> None:
    """The commentary's own reading of events: kept as claims, mostly speculation, never as fact."""
    F = b.fact
    rows = [
        # why Microsoft might walk away
        ("reason_walk_alternatives", "Speculation", ["Microsoft", "MistralAI", "MicrosoftAI"],
         "One reason Microsoft could walk away: credible alternatives, its own AI work and bets such as Mistral AI, mean it is not so dependent that it must accept bad terms.",
         "Alternatives to OpenAI give Microsoft a credible threat to leave.", "claim_walkaway"),
        ("reason_walk_governance", "Speculation", ["Microsoft", "OpenAI_Nonprofit"],
         "Another possible reason: control and governance, since a listed company with shareholders and regulators may balk at OpenAI's mix of nonprofit roots and commercial aims.",
         "Disputes over who decides on technology, safety and ethics could break the deal.", "claim_walkaway"),
        ("reason_walk_terms", "Speculation", ["Microsoft", "OpenAI"],
         "Microsoft may see the terms on offer as unfavourable or too restrictive and be willing to leave rather than accept them.",
         "Microsoft wants concessions on terms it dislikes.", "claim_walkaway"),
        ("reason_walk_tactic", "Speculation", ["Microsoft", "neg_2025"],
         "Threatening to leave may be a bargaining tactic meant to reset the terms, not a plan to abandon AI.",
         "The walk-away stance is a power play in the negotiation.", "claim_walkaway"),
        ("reason_walk_stance", "Speculation", ["Microsoft", "OpenAI"],
         "The readiness to leave suggests Microsoft has hardened its stance and wants terms that match its role as main backer and infrastructure supplier.",
         "Microsoft expects terms in line with its position as OpenAI's chief funder.", "claim_walkaway"),
        # risks for OpenAI and Microsoft
        ("risk_openai_loses_ms", "Speculation", ["OpenAI", "Microsoft"],
         "Losing Microsoft would threaten OpenAI's existence in its present form.",
         "A break with Microsoft would be existential for OpenAI.", None),
        ("risk_openai_new_partner", "Speculation", ["OpenAI", "kgqa:Infrastructure"],
         "Without Microsoft, OpenAI would need a new infrastructure partner of a size never seen before.",
         "Replacing Microsoft's infrastructure would be very hard.", None),
        ("risk_openai_funding", "Speculation", ["OpenAI", "kgqa:Capital"],
         "Without Microsoft, OpenAI would have to raise funding in the tens of billions, hard in a tight economy with regulators watching big tech deals.",
         "OpenAI would struggle to replace Microsoft's money.", None),
        ("risk_ms_loses_models", "Speculation", ["Microsoft", "OpenAI", "kgqa:ModelsIP"],
         "Losing OpenAI's models would set back Microsoft's AI strategy and push it towards its own or less mature models.",
         "Microsoft would suffer without OpenAI's models.", None),
        ("risk_openai_alienate", "Speculation", ["OpenAI", "Microsoft"],
         "If OpenAI presses Microsoft too hard it risks alienating its main partner, funder and infrastructure supplier.",
         "OpenAI must not overplay its hand.", None),
        ("need_openai_terms", "Speculation", ["OpenAI", "GoogleDeepMind", "Anthropic"],
         "OpenAI needs good commercial terms to pay for its research and keep up with rich rivals like Google DeepMind and Anthropic, and some independence for its mission.",
         "OpenAI needs money and autonomy to compete.", None),
        ("need_ms_openai", "Reported", ["Microsoft", "OpenAI", "Azure", "GoogleCloud", "AWS"],
         "Microsoft turned to OpenAI's research and models to kick-start its own AI work and to help Azure against Google Cloud and AWS.",
         "OpenAI's models bolstered Microsoft and Azure.", None),
        ("view_symbiotic", "Reported", ["Microsoft", "OpenAI"],
         "The commentary calls the partnership mutually dependent: each side brought something the other could not do without.",
         "The Microsoft–OpenAI tie is symbiotic.", None),
        ("view_crisis_showed_ties", "Reported", ["Microsoft", "OpenAI", "ev_ouster"],
         "The November 2023 crisis showed how closely the two firms were bound and made Microsoft an anchor of OpenAI's stability, not only an investor.",
         "The 2023 crisis strengthened Microsoft's position.", None),
        ("view_training_costs", "Reported", ["OpenAI", "kgqa:Compute"],
         "Training the next frontier models costs billions and needs tens or hundreds of thousands of top GPUs, which Azure can supply.",
         "Frontier training needs compute on Microsoft's scale.", None),
        ("view_both_leverage", "Reported", ["Microsoft", "OpenAI"],
         "Both sides hold strong leverage and both have critical dependencies, so the talks are likely hard.",
         "Leverage and dependence run both ways.", None),
        ("view_outcome_compromise", "Speculation", ["Microsoft", "OpenAI", "neg_2025"],
         "The likely outcome is a compromise: Microsoft gets the terms or governance assurances it wants and OpenAI keeps its funding and infrastructure.",
         "A deal with concessions on both sides is most likely.", None),
        ("impact_uncertainty", "Speculation", ["Microsoft", "OpenAI"],
         "Friction between the two adds uncertainty for businesses and developers: release delays, price changes or a split AI ecosystem.",
         "Customers face uncertainty from the dispute.", None),
        ("impact_opportunity_rivals", "Speculation", ["Anthropic", "MistralAI"],
         "Instability at the top could help Anthropic, Mistral AI and open-source projects if Microsoft seeks other partners.",
         "Rivals could gain if the partnership weakens.", None),
        ("impact_multicloud", "Speculation", ["Microsoft", "OpenAI"],
         "The dispute is a case for multi-cloud and multi-model strategies when building AI applications.",
         "Do not depend on one provider.", None),
        ("view_stakes", "Speculation", ["Microsoft", "OpenAI"],
         "The terms agreed will shape how AI reaches businesses, how fast models advance and the competitive field for years.",
         "The outcome matters well beyond the two firms.", None),
        ("view_integration_depth", "Reported", ["Microsoft", "OpenAI", "Azure", "MicrosoftCopilot"],
         "OpenAI technology sits deep inside Microsoft's Azure services, Copilot products and wider strategy, which made walking away look surprising.",
         "Microsoft's products lean heavily on OpenAI.", "claim_walkaway"),
    ]
    for fid, status, about, label, statement, reason_for in rows:
        F(fid, "Claim", label, ["src_article"], status, claimant="src_article", about=about,
          statement=statement, reasonFor=reason_for)


def build() -> Builder:
    b = Builder(HERE / "ontology.ttl")
    populate(b)
    b.finish()
    return b


def main() -> int:
    b = build()
    text = b.turtle(HEADER)
    out = HERE / "kg.ttl"
    out.write_text(text + "\n", encoding="utf-8")
    g = rdflib.Graph().parse(out, format="turtle")
    print(f"wrote {out} ({len(g)} triples, {b.stmt_n} rdf:Statements)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
