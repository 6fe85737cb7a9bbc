"""The settings table: one source for defaults, flags and environment variables."""

from __future__ import annotations

import dataclasses

import pytest

from kgqa.settings import SETTINGS, Settings


def test_table_and_dataclass_agree():
    fields = {f.name: f.default for f in dataclasses.fields(Settings)}
    assert list(fields) == [s.name for s in SETTINGS]
    for s in SETTINGS:
        assert fields[s.name] == s.default, s.name


def test_environment_then_explicit_values():
    env = {"KGQA_QUERY_TIMEOUT": "2.5", "KGQA_ALLOW_UPDATE": "yes", "KGQA_GRAPH": "a.ttl:b.nt"}
    s = Settings.from_mapping({"port": 9000, "query_timeout": None}, environ=env)
    assert (s.query_timeout, s.allow_update, s.graph, s.port) == (2.5, True, ("a.ttl", "b.nt"), 9000)


@pytest.mark.parametrize("values,env,needle", [
    ({}, {"KGQA_PORT": "eighty"}, "KGQA_PORT"),
    ({}, {"KGQA_ALLOW_UPDATE": "maybe"}, "KGQA_ALLOW_UPDATE"),
    ({"colour": "red"}, {}, "unknown setting 'colour'"),
])
def test_bad_values_name_the_setting(values, env, needle):
    with pytest.raises(ValueError) as err:
        Settings.from_mapping(values, environ=env)
    assert needle in str(err.value)
