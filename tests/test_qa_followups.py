"""Follow-up questions resolve pronouns and ellipsis from the chat history."""

import pytest

from qa_fixtures import EX, other_engine


@pytest.fixture(scope="module")
def eng():
    return other_engine()


def user(text):
    return {"role": "user", "content": text}


def test_what_about(eng):
    history = [user("Who leads Northfield University?"), {"role": "assistant", "content": "Ada Ng."}]
    a = eng.ask("What about Riverside Institute of Technology?", history)
    assert a.answer.startswith("Ben Okafor")


def test_pronoun(eng):
    history = [user("When was Northfield University founded?")]
    a = eng.ask("How many students does it have?", history)
    assert "18,500" in a.answer


def test_other_excludes_what_was_named(eng):
    history = [user("Did the Helix Foundation fund Northfield University?")]
    a = eng.ask("Which other universities has it funded?", history)
    got = {e["iri"] for e in a.entities}
    assert EX + "Riverside" in got and EX + "Northfield" not in got


def test_no_history_means_no_rewrite(eng):
    a = eng.ask("What about Riverside Institute of Technology?")
    assert not a.answer.startswith("Ben Okafor")


def test_pronoun_after_a_lookup(eng):
    a = eng.ask("Where is it located?", [user("Who leads Hillcrest College?")])
    assert a.answer.startswith("Hillcrest")


def test_event_pronoun_repeats_the_previous_question(eng):
    a = eng.ask("When did it happen?", [user("When was Riverside Institute of Technology "
                                             "founded?")])
    assert "1954" in a.answer


def test_that_noun_is_the_previous_answer(eng):
    # No assistant turn in the history: the previous question is answered again to find what
    # "that university" points at (Northfield, not the researcher the question named).
    a = eng.ask("Who leads that university?",
                [user("Which university does Cara Lindqvist work at?")])
    assert a.answer.startswith("Ada Ng"), a.answer


def test_that_noun_read_from_the_assistant_turn(eng):
    history = [user("Which university does the Helix Foundation fund?"),
               {"role": "assistant", "content": "Riverside Institute of Technology."}]
    a = eng.ask("Who leads that university?", history)
    assert a.answer.startswith("Ben Okafor"), a.answer


def test_there_is_the_previous_place(eng):
    a = eng.ask("Who works there?", [user("When was Northfield University founded?")])
    assert not a.abstained and "works at Northfield University" in a.answer, a.answer


def test_what_about_another_year(eng):
    history = [user("Who was president of Northfield University in 2015?"),
               {"role": "assistant", "content": "Cara Lindqvist."}]
    assert eng.ask("Who was president of Northfield University in 2015?").answer.startswith(
        "Cara Lindqvist")
    a = eng.ask("What about 2020?", history)
    assert a.answer.startswith("Ada Ng"), a.answer


def test_there_after_a_noun_phrase(eng):
    # "the president" points at nothing; "there" still points at the previous place.
    a = eng.ask("and who is the president there?", [user("Where is Northfield University?")])
    assert a.answer.startswith("Ada Ng"), a.answer


@pytest.mark.parametrize("followup, start", [
    ("Who leads the first one?", "Ada Ng"),
    ("and who leads the second one?", "Ben Okafor"),
    ("Who leads the latter?", "Ben Okafor"),
])
def test_ordinal_points_into_the_previous_answer(eng, followup, start):
    history = [user("Which universities does the Helix Foundation fund?"),
               {"role": "assistant",
                "content": "Northfield University and Riverside Institute of Technology."}]
    a = eng.ask(followup, history)
    assert a.answer.startswith(start), a.answer
