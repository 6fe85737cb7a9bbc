"""Docs that cannot drift: the README's settings table and commands match the code."""

from __future__ import annotations

import re
from pathlib import Path

from kgqa.settings import SETTINGS, settings_table_markdown

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text()


def test_settings_table_is_generated_from_the_settings():
    block = re.search(r"<!-- settings-table:start -->\n(.*?)\n<!-- settings-table:end -->",
                      README, re.S)
    assert block, "README lost its settings table markers"
    assert block.group(1).strip() == settings_table_markdown().strip(), \
        "README settings table is stale: paste settings_table_markdown() into it"


def test_every_setting_is_documented():
    for s in SETTINGS:
        assert s.env in README and s.flag in README, f"{s.name} is not documented in README.md"


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text()
    assert "make test" in README and re.search(r"^make test$", ci, re.M)


def test_readme_python_example_runs(engine):
    code = re.search(r"```python\n(.*?)```", README, re.S).group(1)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - the README's own example
    assert namespace["answer"].evidence
