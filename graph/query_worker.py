"""The query worker program for stores on disk (see :mod:`kgqa.graph.checkpoints`).

``python -m kgqa.graph.query_worker REQUEST_FD REPLY_FD``: reads framed messages from the first
pipe and answers each on the second, until the pipe closes. ``("open", path)`` opens a
checkpoint read-only (closing the one before); ``("query", request)`` runs a packed query on
it. Failures go back as the reply, never as a crash.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    from .isolation import _answer, _become_worker, _recv, _send
    from .knowledge_graph import run_packed
    from .store import OxigraphStore

    argv = sys.argv[1:] if argv is None else argv
    req, rep = int(argv[0]), int(argv[1])
    _become_worker()  # after the imports: their modules are the heap it freezes
    store = None

    def open_(path: str) -> None:
        nonlocal store
        store = None  # the previous checkpoint is closed before the next opens
        store = OxigraphStore.read_only(path)

    def query(request):
        if store is None:
            raise RuntimeError("the query worker has no checkpoint open")
        return run_packed(store, request)

    while True:
        try:
            op, arg = _recv(req, None)
        except EOFError:
            break
        _send(rep, _answer(lambda: open_(arg) if op == "open" else query(arg)))


if __name__ == "__main__":
    main()
