"""The embedded ontology, SHACL shapes and curated Microsoft–OpenAI graph (Turtle files)."""

from pathlib import Path

HERE = Path(__file__).resolve().parent
ONTOLOGY = HERE / "ontology.ttl"
SHAPES = HERE / "shapes.ttl"
DATA = HERE / "kg.ttl"

#: the files that make up the default graph, in load order
DEFAULT_GRAPH_FILES = (ONTOLOGY, DATA)

KGQA = "https://kgqa.dev/ontology#"
KG = "https://kgqa.dev/id/"
