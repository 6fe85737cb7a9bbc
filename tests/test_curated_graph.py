"""The curated Microsoft–OpenAI graph, checked through SPARQL and SHACL over the loaded graph.

These tests read the default graph (session fixture ``kg``) and assert on parsed result rows, so
they fail if a fact, its date, its figure or its source goes missing from ontology/kg.ttl.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest
import rdflib

from kgqa import ontology
from kgqa.graph import KnowledgeGraph

from conftest import shared_path

PREFIXES = """
PREFIX kg: <https://kgqa.dev/id/>
PREFIX kgqa: <https://kgqa.dev/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
"""
KG = "https://kgqa.dev/id/"
KGQA = "https://kgqa.dev/ontology#"


def rows(kg, sparql: str) -> list[dict]:
    """SELECT rows as dicts of Python values (IRIs as str, literals via toPython())."""
    res = kg.query(PREFIXES + sparql, limit=None)
    out = []
    for row in res.rows:
        out.append({k: (str(v) if isinstance(v, rdflib.URIRef) else
                        v.toPython() if isinstance(v, rdflib.Literal) else v)
                    for k, v in row.items()})
    return out


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


# ---- shape and size -------------------------------------------------------------------------

def test_default_graph_conforms_to_its_shapes(kg):
    report = kg.validate()
    assert report.conforms, report.text


def test_graph_is_large_and_has_the_expected_classes(kg):
    assert len(kg) > 1000
    counts = {local(r["c"]): r["n"] for r in rows(kg, """
        SELECT ?c (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?c } GROUP BY ?c""")}
    for cls in ["Investment", "Position", "BoardSeat", "Integration", "Dependency", "Leverage",
                "Claim", "NegotiationIssue", "Negotiation", "Report", "Source", "Person",
                "RegulatoryReview", "Ownership", "ContractTerm", "Diversification"]:
        assert counts.get(cls, 0) >= 1, cls
    assert counts["Source"] >= 80


def test_every_ontology_term_has_label_and_comment(kg):
    missing = rows(kg, """
        SELECT ?t WHERE {
          VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty }
          ?t a ?kind . FILTER(STRSTARTS(STR(?t), STR(kgqa:)))
          FILTER(NOT EXISTS { ?t rdfs:label ?l } || NOT EXISTS { ?t rdfs:comment ?c })
        }""")
    assert missing == []
    n = rows(kg, "SELECT (COUNT(?t) AS ?n) WHERE { ?t a owl:Class . FILTER(STRSTARTS(STR(?t), STR(kgqa:))) }")
    assert n[0]["n"] > 30


# ---- provenance -----------------------------------------------------------------------------

def test_every_fact_node_has_a_source_and_a_status(kg):
    bad = rows(kg, """
        SELECT ?f WHERE {
          ?f a/rdfs:subClassOf* kgqa:Fact .
          FILTER(NOT EXISTS { ?f dcterms:source ?s . ?s a kgqa:Source ; dcterms:title ?t }
                 || NOT EXISTS { ?f kgqa:status ?st })
        }""")
    assert bad == []
    n = rows(kg, "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a/rdfs:subClassOf* kgqa:Fact }")
    assert n[0]["n"] > 200


def test_every_direct_entity_triple_is_backed_by_a_sourced_fact_or_statement(kg):
    shortcuts = rows(kg, """
        SELECT ?s ?p ?o WHERE { ?p rdfs:subPropertyOf+ kgqa:relatedTo . ?s ?p ?o }""")
    assert len(shortcuts) > 100
    unbacked = rows(kg, """
        SELECT ?s ?p ?o WHERE {
          ?p rdfs:subPropertyOf+ kgqa:relatedTo . ?s ?p ?o .
          FILTER NOT EXISTS {
            { ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                  dcterms:source ?src ; kgqa:status ?status . }
            UNION
            { ?f a/rdfs:subClassOf* kgqa:Fact ; ?r1 ?s ; ?r2 ?o ; dcterms:source ?src ; kgqa:status ?status . }
          }
        }""")
    assert unbacked == []
    # provenance() (docs/DESIGN.md lookup) finds a source for each of them
    for row in shortcuts[:: max(1, len(shortcuts) // 40)]:
        found = kg.provenance(rdflib.URIRef(row["s"]), rdflib.URIRef(row["p"]), rdflib.URIRef(row["o"]))
        assert found and all(src.title for src in found), row


def test_sources_carry_title_publisher_tier_and_dates(kg):
    srcs = rows(kg, """
        SELECT ?s ?title ?pubLabel ?tier ?date ?url WHERE {
          ?s a kgqa:Source ; dcterms:title ?title ; kgqa:reliabilityTier ?tier .
          OPTIONAL { ?s dcterms:publisher ?pub . ?pub rdfs:label ?pubLabel }
          OPTIONAL { ?s dcterms:date ?date }
          OPTIONAL { ?s schema:url ?url }
        }""")
    by_id = {local(r["s"]): r for r in srcs}
    assert {r["tier"] for r in srcs} == {"T1", "T2", "T3"}
    public = [r for k, r in by_id.items() if k != "src_article"]
    assert all(r.get("pubLabel") for r in public)
    assert all(r.get("url") for r in public if local(r["s"]) != "src_menafn_2024_01_06")
    assert by_id["src_sec_10q_2025"]["tier"] == "T1"
    assert by_id["src_ft_2025_06_18"]["pubLabel"] == "Financial Times"
    # the commentary is a source that cites the FT report and its Reuters pick-up
    cited = {local(r["x"]) for r in rows(kg, "SELECT ?x WHERE { kg:src_article dcterms:references ?x }")}
    assert cited == {"src_ft_2025_06_18", "src_reuters_2025_06_18"}


# ---- issue 2's "Done when" list ----------------------------------------------------------------

def investments(kg, investor: str, investee: str) -> list[dict]:
    return rows(kg, f"""
        SELECT ?i ?amount ?cur ?date ?status ?figure ?round WHERE {{
          ?i a kgqa:Investment ; kgqa:investor kg:{investor} ; kgqa:investee kg:{investee} ;
             kgqa:status ?status .
          OPTIONAL {{ ?i kgqa:amount ?amount ; kgqa:currency ?cur }}
          OPTIONAL {{ ?i kgqa:date ?date }}
          OPTIONAL {{ ?i kgqa:figureStatus ?figure }}
          OPTIONAL {{ ?i kgqa:round ?round }}
        }}""")


def test_microsoft_investments_in_openai(kg):
    invs = investments(kg, "Microsoft", "OpenAI")
    by_year = {}
    for r in invs:
        by_year.setdefault(str(r["date"])[:4], []).append(r)
    first = by_year["2019"][0]
    assert first["amount"] == Decimal("1000000000") and first["cur"] == "USD"
    assert str(first["date"]) == "2019-07-22" and local(first["status"]) == "Confirmed"
    assert by_year["2021"][0]["amount"] == Decimal("2000000000")
    assert local(by_year["2021"][0]["status"]) == "Reported"
    y2023 = by_year["2023"][0]
    assert y2023["amount"] == Decimal("10000000000") and str(y2023["date"]) == "2023-01-23"
    totals = {r["amount"]: r for r in invs if "total" in (r.get("round") or "")}
    assert totals[Decimal("13000000000")]["figure"] == "committed"
    assert local(totals[Decimal("13000000000")]["status"]) == "Confirmed"
    assert local(totals[Decimal("13750000000")]["status"]) == "Reported"
    oct24 = [r for r in invs if str(r["date"]) == "2024-10-02"]
    assert oct24 and oct24[0]["amount"] == Decimal("750000000")
    # the direct shortcut exists for graph traversal
    assert kg.query(PREFIXES + "ASK { kg:Microsoft kgqa:investedIn kg:OpenAI }").boolean


def test_disputed_total_is_kept_as_separate_claims_with_their_own_sources(kg):
    res = rows(kg, """
        SELECT ?amount ?src WHERE {
          ?i a kgqa:Investment ; kgqa:investor kg:Microsoft ; kgqa:investee kg:OpenAI ;
             kgqa:round "cumulative total commitment" ; kgqa:amount ?amount ; dcterms:source ?src }""")
    srcs = {}
    for r in res:
        srcs.setdefault(r["amount"], set()).add(local(r["src"]))
    assert "src_sec_10q_2025" in srcs[Decimal("13000000000")]
    assert srcs[Decimal("13750000000")] == {"src_bloomberg_daily8_2025_07"}


def test_mistral_investment(kg):
    (inv,) = investments(kg, "Microsoft", "MistralAI")
    assert inv["amount"] == Decimal("15000000") and inv["cur"] == "EUR"
    assert str(inv["date"]) == "2024-02-27" and local(inv["status"]) == "Reported"


def test_azure_and_copilot_integrations(kg):
    res = rows(kg, """
        SELECT ?product ?model WHERE {
          ?i a kgqa:Integration ; kgqa:technologyFrom kg:OpenAI ; kgqa:product ?product .
          OPTIONAL { ?i kgqa:poweredBy ?model } }""")
    products = {local(r["product"]) for r in res}
    assert {"Azure", "AzureOpenAIService", "Bing", "BingChat", "MicrosoftCopilot", "M365Copilot",
            "GitHubCopilot"} <= products
    assert ("GitHubCopilot", "Codex") in {(local(r["product"]), local(r.get("model") or "")) for r in res}
    launches = {local(r["e"]): str(r["d"]) for r in rows(kg, """
        SELECT ?e ?d WHERE { ?e a kgqa:ProductLaunch ; kgqa:date ?d }""")}
    assert launches["launch_bing_chat"] == "2023-02-07"
    assert launches["launch_m365_copilot_ga"] == "2023-11-01"
    assert launches["launch_m365_copilot_announce"] == "2023-03-16"
    assert launches["launch_github_copilot_preview"] == "2021-06-29"
    assert launches["launch_copilot_rename"] == "2023-11"
    assert kg.query(PREFIXES + "ASK { kg:BingChat kgqa:renamedTo kg:MicrosoftCopilot }").boolean


def test_azure_exclusivity_gives_way_to_rofr_then_to_none(kg):
    res = {local(r["t"]): r for r in rows(kg, """
        SELECT ?t ?start ?end ?prev WHERE {
          ?t a kgqa:ContractTerm . OPTIONAL { ?t kgqa:startDate ?start }
          OPTIONAL { ?t kgqa:endDate ?end } OPTIONAL { ?t kgqa:supersedes ?prev } }""")}
    assert str(res["term_rofr_2025"]["start"]) == "2025-01-21"
    assert local(res["term_rofr_2025"]["prev"]) == "term_azure_exclusive_2023"
    assert local(res["term_no_rofr_2025"]["prev"]) == "term_rofr_2025"
    assert str(res["term_no_rofr_2025"]["start"]) == "2025-10-28"


def test_observer_seat_with_start_end_and_both_reasons(kg):
    (seat,) = rows(kg, """
        SELECT ?seat ?kind ?start ?end ?who ?stated ?reported WHERE {
          ?seat a kgqa:BoardSeat ; kgqa:holder kg:Microsoft ; kgqa:boardOf kg:OpenAI ;
                kgqa:seatKind ?kind ; kgqa:startDate ?start ; kgqa:endDate ?end ;
                kgqa:occupant ?who ; kgqa:statedReason ?stated ; kgqa:reportedReason ?reported }""")
    assert seat["kind"] == "non-voting observer"
    assert (str(seat["start"]), str(seat["end"])) == ("2023-11-29", "2024-07-09")
    assert local(seat["who"]) == "DeeTempleton"
    reasons = {local(r["c"]): (local(r["status"]), {local(s) for s in r["srcs"].split()})
               for r in rows(kg, f"""
        SELECT ?c ?status (GROUP_CONCAT(STR(?src)) AS ?srcs) WHERE {{
          VALUES ?c {{ <{seat['stated']}> <{seat['reported']}> }}
          ?c kgqa:status ?status ; dcterms:source ?src }} GROUP BY ?c ?status""")}
    stated, reported = reasons[local(seat["stated"])], reasons[local(seat["reported"])]
    assert stated[0] == "Confirmed" and reported[0] == "Reported"
    templeton = rows(kg, """SELECT ?d WHERE { kg:claim_templeton_observer kgqa:date ?d }""")
    assert str(templeton[0]["d"]) == "2024-01-05"


def test_ouster_and_reinstatement_with_dates(kg):
    events = {local(r["cls"]): str(r["d"]) for r in rows(kg, """
        SELECT ?cls ?d WHERE {
          ?e a ?cls ; kgqa:participant kg:SamAltman ; kgqa:date ?d .
          VALUES ?cls { kgqa:Ouster kgqa:Reinstatement } }""")}
    assert events == {"Ouster": "2023-11-17", "Reinstatement": "2023-11-29"}
    ceo = {(local(r["who"]), str(r.get("start")), str(r.get("end"))) for r in rows(kg, """
        SELECT ?who ?start ?end WHERE {
          ?p a kgqa:Position ; kgqa:organisation kg:OpenAI ; kgqa:holder ?who ;
             kgqa:roleTitle ?t . FILTER(CONTAINS(?t, "CEO"))
          OPTIONAL { ?p kgqa:startDate ?start } OPTIONAL { ?p kgqa:endDate ?end } }""")}
    assert ("MiraMurati", "2023-11-17", "2023-11-19") in ceo
    assert ("EmmettShear", "2023-11-20", "2023-11-29") in ceo
    assert ("SamAltman", "2023-11-29", "None") in ceo
    letters = sorted(r["n"] for r in rows(kg, """
        SELECT ?n WHERE { ?c a kgqa:Claim ; kgqa:about kg:ev_employee_letter ; kgqa:count ?n }"""))
    assert letters == [490, 500, 700, 747]


def test_new_board_after_the_crisis(kg):
    res = {local(r["who"]): (r["t"], str(r.get("s")), str(r.get("e"))) for r in rows(kg, """
        SELECT ?who ?t ?s ?e WHERE { ?p a kgqa:Position ; kgqa:organisation kg:OpenAI ;
          kgqa:holder ?who ; kgqa:roleTitle ?t . FILTER(CONTAINS(?t, "board"))
          OPTIONAL { ?p kgqa:startDate ?s } OPTIONAL { ?p kgqa:endDate ?e } }""")}
    assert res["BretTaylor"][0] == "board chair"
    assert res["LarrySummers"][1] == "2023-11-22"
    for gone in ["HelenToner", "TashaMcCauley", "IlyaSutskever"]:
        assert res[gone][2] == "2023-11-22"


def test_leverage_both_ways_with_basis(kg):
    res = rows(kg, """
        SELECT ?holder ?over ?basis WHERE {
          ?l a kgqa:Leverage ; kgqa:holder ?holder ; kgqa:over ?over ; kgqa:basis ?basis .
          ?basis a kgqa:Resource ; rdfs:label ?bl }""")
    pairs = {}
    for r in res:
        pairs.setdefault((local(r["holder"]), local(r["over"])), set()).add(local(r["basis"]))
    assert {"Infrastructure", "Capital", "Distribution", "Compute"} <= pairs[("Microsoft", "OpenAI")]
    assert {"ModelsIP", "Talent"} <= pairs[("OpenAI", "Microsoft")]


def test_dependencies(kg):
    res = rows(kg, """
        SELECT ?d ?p ?r WHERE { ?x a kgqa:Dependency ; kgqa:dependent ?d ; kgqa:provider ?p ;
          kgqa:resource ?r }""")
    deps = {}
    for r in res:
        deps.setdefault((local(r["d"]), local(r["p"])), set()).add(local(r["r"]))
    assert {"Compute", "Infrastructure", "Capital", "Distribution"} <= deps[("OpenAI", "Microsoft")]
    assert "ModelsIP" in deps[("Microsoft", "OpenAI")]


def test_rivals(kg):
    res = {(local(r["a"]), local(r["b"])) for r in rows(kg, "SELECT ?a ?b WHERE { ?a kgqa:competesWith ?b }")}
    for pair in [("GoogleCloud", "Azure"), ("AWS", "Azure"), ("GoogleDeepMind", "OpenAI"),
                 ("Anthropic", "OpenAI"), ("MistralAI", "OpenAI"), ("OpenAI", "Microsoft")]:
        assert pair in res, pair
    (tenk,) = rows(kg, "SELECT ?d WHERE { kg:claim_10k_openai_competitor kgqa:date ?d }")
    assert str(tenk["d"]) == "2024-07-30"
    backers = {local(r["inv"]) for r in investments_into(kg, "Anthropic")}
    assert {"Amazon", "Google"} <= backers


def investments_into(kg, investee):
    return rows(kg, f"SELECT ?inv WHERE {{ ?i a kgqa:Investment ; kgqa:investor ?inv ; kgqa:investee kg:{investee} }}")


def test_diversification_of_microsoft(kg):
    alts = {local(r["a"]) for r in rows(kg, """
        SELECT ?a WHERE { ?d a kgqa:Diversification ; kgqa:diversifier kg:Microsoft ;
          kgqa:alternative ?a ; kgqa:lessensRelianceOn kg:OpenAI }""")}
    assert {"MistralAI", "InflectionAI", "MicrosoftAI", "MAI1Preview", "MAIVoice1"} <= alts


def test_ft_report_and_reuters_pickup(kg):
    (rep,) = rows(kg, """
        SELECT ?ft ?ftdate ?reuters ?rdate WHERE {
          ?ft a kgqa:Report ; kgqa:publishedBy kg:FT ; kgqa:date ?ftdate ; kgqa:pickedUpBy ?reuters .
          ?reuters kgqa:publishedBy kg:Reuters ; kgqa:date ?rdate }""")
    assert str(rep["ftdate"]) == str(rep["rdate"]) == "2025-06-18"
    authors = {r["name"] for r in rows(kg, """
        SELECT ?name WHERE { kg:src_ft_2025_06_18 dcterms:creator ?a . ?a rdfs:label ?name }""")}
    assert authors == {"Cristina Criddle", "Tabby Kinder", "Rafe Uddin", "George Hammond"}
    (wsj,) = rows(kg, "SELECT ?d WHERE { ?r a kgqa:Report ; kgqa:publishedBy kg:WSJ ; kgqa:date ?d }")
    assert str(wsj["d"]) == "2025-06-16"


def test_negotiation_issues_and_who_raised_them(kg):
    res = rows(kg, """
        SELECT ?kind ?by WHERE { kg:neg_2025 kgqa:hasIssue ?i . ?i kgqa:issueKind ?kind ;
          kgqa:raisedBy ?by }""")
    raised = {}
    for r in res:
        raised.setdefault(r["kind"], set()).add(local(r["by"]))
    assert {"governance", "commercial terms", "strategic direction", "equity stake", "revenue share",
            "technology access", "AGI clause", "Windsurf IP"} <= set(raised)
    assert raised["governance"] == {"src_article"}
    # the AGI clause is attributed to other reports, not to the 18 June FT piece's source
    agi_sources = {local(r["s"]) for r in rows(kg, """
        SELECT ?s WHERE { ?i kgqa:issueKind "AGI clause" ; dcterms:source ?s }""")}
    assert "src_ft_2025_06_18" not in agi_sources and "src_quasa_information_2025_06" in agi_sources
    (stake,) = rows(kg, """SELECT ?lo ?hi WHERE { ?i kgqa:issueKind "equity stake" ;
        kgqa:percentage ?lo ; kgqa:percentageMax ?hi }""")
    assert (stake["lo"], stake["hi"]) == (Decimal("20"), Decimal("49"))


def test_walk_away_reasons_are_speculation_from_the_article(kg):
    res = rows(kg, """
        SELECT ?c ?status WHERE { ?c a kgqa:Claim ; kgqa:reasonFor kg:claim_walkaway ;
          kgqa:claimant kg:src_article ; kgqa:status ?status }""")
    assert len(res) >= 4
    assert {local(r["status"]) for r in res} <= {"Speculation", "Reported"}


def test_definitive_agreement_terms(kg):
    (own,) = rows(kg, """SELECT ?pct ?val ?cur WHERE { kg:own_ms_openai_2025 kgqa:percentage ?pct ;
        kgqa:valuation ?val ; kgqa:currency ?cur }""")
    assert own["pct"] == Decimal("27") and own["val"] == Decimal("135000000000")
    (azure,) = rows(kg, "SELECT ?a WHERE { kg:term_azure_250b kgqa:amount ?a }")
    assert azure["a"] == Decimal("250000000000")


# ---- names people type ------------------------------------------------------------------------

@pytest.mark.parametrize("typed,iri", [
    ("MSFT", "Microsoft"), ("FT", "FT"), ("AWS", "AWS"), ("Amazon Web Services", "AWS"),
    ("Altman", "SamAltman"), ("Nadella", "SatyaNadella"), ("Satya Nadella", "SatyaNadella"),
    ("GCP", "GoogleCloud"), ("Google Cloud Platform", "GoogleCloud"), ("M365 Copilot", "M365Copilot"),
    ("Bing Chat", "BingChat"), ("Mistral", "MistralAI"), ("CMA", "UK_CMA"),
])
def test_labels_and_alt_labels_resolve(kg, typed, iri):
    hits = kg.search_entities(typed, limit=3)
    assert hits and hits[0][0].iri == KG + iri, [(e.iri, s) for e, s in hits]


def test_every_entity_has_label_comment_and_type(kg):
    bad = rows(kg, """
        SELECT ?e WHERE { ?e a/rdfs:subClassOf* kgqa:Entity .
          FILTER(STRSTARTS(STR(?e), STR(kg:)))
          FILTER(NOT EXISTS { ?e rdfs:label ?l } || NOT EXISTS { ?e rdfs:comment ?c }) }""")
    assert bad == []


# ---- broken facts fail validation with a readable message ------------------------------------

BROKEN = """
@prefix kg: <https://kgqa.dev/id/> .
@prefix kgqa: <https://kgqa.dev/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""


@pytest.mark.parametrize("snippet,focus,words", [
    ("""kg:bad_inv a kgqa:Investment ; rdfs:label "An investment with no investor." ;
          kgqa:investee kg:OpenAI ; kgqa:amount "5"^^xsd:decimal ; kgqa:currency "USD" ;
          dcterms:source kg:src_fortune_2019 ; kgqa:status kgqa:Reported .""",
     "bad_inv", ["investor"]),
    ("""kg:bad_amt a kgqa:Investment ; rdfs:label "An amount with no currency." ;
          kgqa:investor kg:Microsoft ; kgqa:investee kg:OpenAI ; kgqa:amount "5"^^xsd:decimal ;
          dcterms:source kg:src_fortune_2019 ; kgqa:status kgqa:Reported .""",
     "bad_amt", ["currency"]),
    ("""kg:bad_date a kgqa:Ouster ; rdfs:label "A date typed as a plain string." ;
          kgqa:date "17 November 2023" ; dcterms:source kg:src_fortune_2019 ;
          kgqa:status kgqa:Reported .""",
     "bad_date", ["xsd:date"]),
    ("""kg:bad_fact a kgqa:Claim ; rdfs:label "A claim with no source or status." .""",
     "bad_fact", ["source", "status"]),
])
def test_broken_fact_fails_validation_with_a_message_naming_the_problem(tmp_path, snippet, focus, words):
    extra = tmp_path / "broken.ttl"
    extra.write_text(BROKEN + snippet)
    broken = KnowledgeGraph.load([ontology.ONTOLOGY, ontology.DATA, extra], shapes=[ontology.SHAPES])
    report = broken.validate()
    assert not report.conforms
    mine = [v for v in report.violations if v.focus and v.focus.endswith(focus)]
    assert mine, report.text
    # nothing else in the graph is blamed
    assert len(mine) == len(report.violations), report.text
    text = " ".join(v.message for v in mine)
    for word in words:
        assert word in text, text


# ---- the project's own words ------------------------------------------------------------------

def test_graph_does_not_copy_the_article():
    tool = shared_path("tools", "copycheck.py")
    repo = ontology.HERE.parent
    out = subprocess.run([sys.executable, str(tool), str(repo)], capture_output=True, text=True)
    hits = [line for line in out.stdout.splitlines()
            if line.startswith("ontology/") or line.startswith("tests/test_curated_graph")]
    assert hits == [], out.stdout
