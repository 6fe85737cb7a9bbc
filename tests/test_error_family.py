"""Every kgqa error is one family: a KgqaError with a code and a status, one shape everywhere.

The classes are found by walking the package, not listed here, so a new error class is checked
the day it is added: it must have a snake_case ``code`` of its own, a 4xx/5xx ``status``, survive
the pickle trip from a query worker, come out of the HTTP app as ``{"error": {"code",
"message"}}`` with its status, and out of the CLI as the same object with ``--json`` (a plain
``error:`` line otherwise) with a non-zero exit and no traceback.
"""

from __future__ import annotations

import importlib
import json
import os
import pickle
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

import kgqa
from kgqa import cli
from kgqa.errors import KgqaError
from kgqa.service.app import create_app
from kgqa.service.errors import ServiceError
from test_error_shape import assert_shape

KGQA = [str(Path(sys.executable).with_name("kgqa"))]
MESSAGE = "Something specific went wrong; change the input and try again."


def _import_everything() -> None:
    """Import every module of the layers that may define errors (not the Gradio UI)."""
    for name in ("kgqa.errors", "kgqa.settings", "kgqa.cli"):
        importlib.import_module(name)
    for package in ("kgqa.graph", "kgqa.qa", "kgqa.service"):
        pkg = importlib.import_module(package)
        for info in pkgutil.walk_packages(pkg.__path__, prefix=package + "."):
            importlib.import_module(info.name)


def _family(cls: type) -> list[type]:
    out = [cls]
    for sub in cls.__subclasses__():
        out.extend(c for c in _family(sub) if c not in out)
    return out


_import_everything()
CLASSES = [c for c in _family(KgqaError) if c.__module__.startswith("kgqa.")]
IDS = [f"{c.__module__.removeprefix('kgqa.')}.{c.__name__}" for c in CLASSES]


def example(cls: type[KgqaError]) -> KgqaError:
    """An instance with the class's own code and status."""
    if issubclass(cls, ServiceError):  # the HTTP layer's error takes its status first
        return cls(cls.status, MESSAGE, cls.code)
    return cls(MESSAGE)


def test_the_walk_finds_every_layer():
    names = {c.__name__ for c in CLASSES}
    assert {"KgqaError", "SettingsError", "GraphError", "ParseError", "QueryError",
            "QueryTimeout", "ValidationFailed", "StoreUnavailable", "QuestionError",
            "ServiceError"} <= names, names


def test_codes_are_distinct_words():
    codes = [c.code for c in CLASSES]
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", code) for code in codes), codes
    assert len(set(codes)) == len(codes), codes


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_each_error_has_a_code_and_an_http_status(cls):
    exc = example(cls)
    assert isinstance(exc, KgqaError)
    assert isinstance(exc.code, str) and exc.code == cls.code
    assert isinstance(exc.status, int) and 400 <= exc.status < 600
    assert exc.message == MESSAGE == str(exc)
    assert exc.to_dict() == {"code": cls.code, "message": MESSAGE}


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_each_error_survives_the_trip_from_a_query_worker(cls):
    exc = example(cls)
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is cls
    assert (back.code, back.status, back.message) == (exc.code, exc.status, exc.message)


@pytest.fixture(scope="module")
def http(kg, settings):
    app = create_app(settings.replace(query_workers=0), kg=kg, mount_ui=False, warm=False)
    by_name = dict(zip(IDS, CLASSES))

    @app.get("/test-raise/{name}")
    async def _raise(name: str):
        raise example(by_name[name])

    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_each_error_maps_to_the_one_http_shape(http, cls):
    resp = http.get(f"/test-raise/{IDS[CLASSES.index(cls)]}")
    assert_shape(resp, cls.status)
    assert resp.json()["error"] == {"code": cls.code, "message": MESSAGE}


@pytest.fixture(scope="module")
def cli_runner():
    """The real ``kgqa`` group with one extra command that raises the error it is named."""
    by_name = dict(zip(IDS, CLASSES))

    @click.command("test-raise")
    @click.argument("name")
    @cli.json_option("Errors as JSON.")
    def test_raise(name, as_json):
        raise example(by_name[name])

    cli.main.add_command(test_raise)
    try:
        yield CliRunner()
    finally:
        cli.main.commands.pop("test-raise")


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_each_error_maps_to_the_one_cli_shape(cli_runner, cls):
    name = IDS[CLASSES.index(cls)]
    as_json = cli_runner.invoke(cli.main, ["test-raise", name, "--json"])
    assert as_json.exit_code == 1 and isinstance(as_json.exception, SystemExit)
    assert json.loads(as_json.stdout) == {"error": {"code": cls.code, "message": MESSAGE}}
    plain = cli_runner.invoke(cli.main, ["test-raise", name])
    assert plain.exit_code == 1 and isinstance(plain.exception, SystemExit)
    assert plain.stdout == "" and plain.stderr == f"error: {MESSAGE}\n"


# The same through the real command, for faults a user really makes.
REAL_FAULTS = [
    (["ask", " ", "--json"], {}, "empty_question"),
    (["ask", "", "--json"], {}, "empty_question"),
    (["ask", "x" * 30, "--max-question-chars", "10", "--json"], {}, "question_too_long"),
    (["stats", "--json"], {"KGQA_QUERY_TIMEOUT": "soon"}, "bad_setting"),
    (["ask", "Who?", "--device", "tpu", "--json"], {}, "bad_setting"),
    (["stats", "--json", "--graph", "no-such-file.ttl"], {}, "file_not_found"),
    (["stats", "--json", "--store", "mongo:x"], {}, "bad_setting"),
]


def _run(args, env_extra, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("KGQA_")}
    env.update(env_extra, KGQA_CACHE_DIR=str(tmp_path / "cache"))
    return subprocess.run(KGQA + args, capture_output=True, text=True, timeout=120, env=env,
                          cwd=tmp_path)


@pytest.mark.parametrize("args,env,code", REAL_FAULTS,
                         ids=[" ".join(a)[:40] for a, _, _ in REAL_FAULTS])
def test_real_cli_faults_print_the_shape_without_a_traceback(args, env, code, tmp_path):
    out = _run(args, env, tmp_path)
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr
    body = json.loads(out.stdout)
    assert list(body) == ["error"] and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    plain = _run([a for a in args if a != "--json"], env, tmp_path)
    assert plain.returncode == 1 and plain.stdout == ""
    assert plain.stderr.startswith("error: ") and "Traceback" not in plain.stderr


def test_a_bad_question_set_is_a_clean_error(tmp_path):
    bad = tmp_path / "questions.jsonl"
    bad.write_text('{"question": "Who leads OpenAI?"}\n{not json\n')
    out = _run(["eval", str(bad), "--json"], {}, tmp_path)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    err = json.loads(out.stdout)["error"]
    assert err["code"] == "bad_question_set" and "line 2" in err["message"]


def test_cli_and_http_give_the_same_code_for_the_same_fault(http, tmp_path):
    resp = http.post("/api/ask", json={"question": " "})
    assert_shape(resp, 400)
    out = _run(["ask", " ", "--json"], {}, tmp_path)
    assert json.loads(out.stdout)["error"]["code"] == resp.json()["error"]["code"]


def test_the_base_sits_below_graph_and_qa():
    """errors.py imports nothing of kgqa, so every layer can import it."""
    source = Path(kgqa.__file__).with_name("errors.py").read_text()
    assert not re.search(r"^\s*(from|import)\s+(kgqa|\.)", source, re.M)
