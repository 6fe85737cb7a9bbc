"""Pick a store from its configuration string."""

from __future__ import annotations

from ..errors import SettingsError
from .remote import RemoteStore
from .store import OxigraphStore, Store


def open_store(spec: str, *, timeout: float = 30.0) -> Store:
    """Open the store named by ``spec`` ("memory", "oxigraph:PATH" or "sparql:URL").

    Raises :class:`~kgqa.errors.SettingsError` (status 400) for an unknown spec, naming the
    accepted forms.
    """
    spec = (spec or "memory").strip()
    if spec == "memory":
        return OxigraphStore()
    if spec.startswith("oxigraph:"):
        path = spec.split(":", 1)[1]
        if not path:
            raise SettingsError("store 'oxigraph:' needs a path, e.g. oxigraph:./data/kg.oxigraph")
        return OxigraphStore(path)
    if spec.startswith("sparql:"):
        return RemoteStore(spec.split(":", 1)[1], timeout=timeout)
    raise SettingsError(f"unknown store {spec!r}: use 'memory', 'oxigraph:PATH' or 'sparql:URL' "
                        "(setting store / --store / KGQA_STORE)")
