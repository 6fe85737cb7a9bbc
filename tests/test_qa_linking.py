"""Entity linking over labels and alt labels: case, punctuation, possessives, abbreviations, typos."""

import pytest

from qa_fixtures import EX, other_engine


@pytest.fixture(scope="module")
def linker():
    eng = other_engine()
    eng._state()
    return eng._linker


@pytest.mark.parametrize("text, iri", [
    ("who leads NORTHFIELD UNIVERSITY", "Northfield"),
    ("Northfield University's president", "Northfield"),
    ("northfield-university", "Northfield"),
    ("RIT", "Riverside"),
    ("the helix foundation", "Helix"),
    ("Riversdie Institute of Technology", "Riverside"),
    ("Ada  Ng!", "AdaNg"),
])
def test_links(linker, text, iri):
    assert EX + iri in {m.iri for m in linker.link(text).entities}


def test_longest_match_wins(linker):
    ms = linker.link("Hillcrest College").entities
    assert [m.iri for m in ms] == [EX + "Hillcrest_College"]


def test_unknown_names_are_reported(linker):
    got = linker.link("Did Helix fund Zanzibar Polytechnic?")
    assert EX + "Helix" in {m.iri for m in got.entities}
    assert "Zanzibar" in got.unknown


def test_common_words_do_not_link(linker):
    assert linker.link("what is the answer to this question").entities == []
