"""The embedded ontology, SHACL shapes and curated Microsoft–OpenAI graph (Turtle files)."""

from pathlib import Path

HERE = Path(__file__).resolve().parent
ONTOLOGY = HERE / "ontology.ttl"
SHAPES = HERE / "shapes.ttl"
DATA = HERE / "kg.ttl"

#: the embedded graph's QA vector index, built by ``make index`` (scripts/build_index.py); the QA
#: engine uses it only when it matches the graph, the model and the texts exactly
DEFAULT_INDEX = HERE / "index"

#: the files that make up the default graph, in load order
DEFAULT_GRAPH_FILES = (ONTOLOGY, DATA)

KGQA = "https://kgqa.dev/ontology#"
KG = "https://kgqa.dev/id/"
