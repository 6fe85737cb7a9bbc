"""A vector index over verbalised graph items, cached on disk.

Exact (numpy) search up to ``ann_threshold`` items, usearch HNSW above. The cache lives in
``cache_dir/<content hash>-<model id>/`` and is keyed by the graph's content hash, the model id
and a digest of the indexed texts; a cache that does not match, or fails to load, is rebuilt,
never trusted.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)
FORMAT = 2


def texts_digest(ids: list[str], texts: list[str]) -> str:
    h = hashlib.sha256()
    for i, t in zip(ids, texts):
        h.update(i.encode("utf-8", "replace"))
        h.update(b"\x00")
        h.update(t.encode("utf-8", "replace"))
        h.update(b"\x01")
    return h.hexdigest()


class VectorIndex:
    """Unit vectors for ``ids``; :meth:`search` returns ``(id, cosine)`` best first."""

    def __init__(self, ids: list[str], vectors: np.ndarray, ann_threshold: int = 20000,
                 ann=None):
        self.ids = list(ids)
        self.pos = {i: n for n, i in enumerate(self.ids)}
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.ann = ann
        if self.ann is None and len(self.ids) > ann_threshold:
            self.ann = self._build_ann(self.vectors)
        self.stats: dict[str, object] = {}

    @staticmethod
    def _build_ann(vectors: np.ndarray):
        from usearch.index import Index
        index = Index(ndim=vectors.shape[1], metric="cos", dtype="f32")
        index.add(np.arange(len(vectors), dtype=np.uint64), vectors)
        return index

    def __len__(self) -> int:
        return len(self.ids)

    def vector(self, item_id: str) -> np.ndarray | None:
        n = self.pos.get(item_id)
        return None if n is None else self.vectors[n]

    def scores(self, item_ids: list[str], query: np.ndarray) -> dict[str, float]:
        """Cosine of ``query`` with each known id in ``item_ids``."""
        rows = [(i, self.pos[i]) for i in item_ids if i in self.pos]
        if not rows:
            return {}
        sims = self.vectors[[n for _, n in rows]] @ query
        return {i: float(s) for (i, _), s in zip(rows, sims)}

    def search(self, query: np.ndarray, k: int = 10) -> list[tuple[str, float]]:
        if not self.ids:
            return []
        k = min(k, len(self.ids))
        if self.ann is not None:
            matches = self.ann.search(query, k)
            return [(self.ids[int(key)], 1.0 - float(dist))
                    for key, dist in zip(matches.keys, matches.distances)]
        sims = self.vectors @ query
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.argsort(-sims[top])]
        return [(self.ids[n], float(sims[n])) for n in top]

    # ------------------------------------------------------------------ building and caching

    @classmethod
    def build(cls, ids: list[str], texts: list[str], embedder, *, content_hash: str,
              cache_dir: Path | None, ann_threshold: int = 20000,
              seed_dir: Path | None = None) -> "VectorIndex":
        """Load the cached index for these texts, or encode them and write the cache.

        ``seed_dir`` is a read-only index shipped with the package (the embedded graph's, built by
        ``make index``); it is used only when its digest and model match these texts exactly.
        """
        digest = texts_digest(ids, texts)
        folder = None
        candidates = []
        if cache_dir is not None:
            folder = Path(cache_dir) / f"{content_hash[:32]}-{embedder.model_id}"
            candidates.append(("hit", folder))
        if seed_dir is not None:
            candidates.append(("seed", Path(seed_dir)))
        for how, where in candidates:
            t0 = time.perf_counter()
            got = cls._load(where, ids, digest, embedder.model_id, ann_threshold)
            if got is not None:
                got.stats = {"cache": how, "load_s": time.perf_counter() - t0,
                             "items": len(ids), "path": str(where)}
                return got
        t0 = time.perf_counter()
        vectors = embedder.encode(texts, batch_size=128)
        index = cls(ids, vectors, ann_threshold)
        index.stats = {"cache": "miss", "encode_s": time.perf_counter() - t0, "items": len(ids),
                       "path": str(folder) if folder else None}
        if folder is not None:
            try:
                index._save(folder, digest, embedder.model_id, content_hash)
            except OSError as exc:  # a read-only cache dir must not stop answering
                log.warning("could not write the embedding cache at %s: %s", folder, exc)
        return index

    @classmethod
    def _load(cls, folder: Path, ids: list[str], digest: str, model_id: str,
              ann_threshold: int) -> "VectorIndex | None":
        meta_path = folder / "meta.json"
        if not meta_path.exists():
            return None
        try:
            meta = json.loads(meta_path.read_text("utf-8"))
            if (meta.get("format") != FORMAT or meta.get("digest") != digest
                    or meta.get("model_id") != model_id or meta.get("count") != len(ids)):
                log.info("embedding cache at %s is stale; rebuilding", folder)
                return None
            vectors = np.load(folder / "vectors.npy", allow_pickle=False)
            if vectors.shape != (len(ids), meta["dim"]) or not np.isfinite(vectors).all():
                raise ValueError(f"vectors have shape {vectors.shape}")
            ann = None
            if len(ids) > ann_threshold:
                ann_path = folder / "ann.usearch"
                if ann_path.exists():
                    from usearch.index import Index
                    ann = Index.restore(str(ann_path))
                    if ann is None or len(ann) != len(ids):
                        ann = None
            return cls(ids, vectors, ann_threshold, ann=ann)
        except Exception as exc:  # corrupt files of any kind mean: rebuild
            log.warning("embedding cache at %s is unreadable (%s); rebuilding", folder, exc)
            return None

    def save_seed(self, folder: Path, texts: list[str], model_id: str, content_hash: str) -> None:
        """Write this index as a shippable seed: float16 vectors (half the size; the loader
        widens them to float32), no ANN file."""
        self._save(Path(folder), texts_digest(self.ids, texts), model_id, content_hash,
                   dtype=np.float16, with_ann=False)

    def _save(self, folder: Path, digest: str, model_id: str, content_hash: str,
              dtype=np.float32, with_ann: bool = True) -> None:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
        try:
            np.save(tmp / "vectors.npy", self.vectors.astype(dtype), allow_pickle=False)
            if self.ann is not None and with_ann:
                self.ann.save(str(tmp / "ann.usearch"))
            meta = {"format": FORMAT, "digest": digest, "model_id": model_id,
                    "count": len(self.ids), "dim": int(self.vectors.shape[1]),
                    "content_hash": content_hash}
            # meta.json goes last: a folder without it is never loaded.
            (tmp / "meta.json").write_text(json.dumps(meta), "utf-8")
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)
            os.replace(tmp, folder)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
