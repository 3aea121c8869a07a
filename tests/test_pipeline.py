"""The pipeline's declared contracts, and the package's import hygiene."""

from __future__ import annotations

import subprocess
import sys

import pytest

from triangulate.errors import ConfigError
from triangulate.pipeline import STAGES, Stage, check_order


def test_pipeline_declared_order_is_valid() -> None:
    check_order(STAGES)


def test_pipeline_misordered_stages_are_refused() -> None:
    swapped = (STAGES[0], STAGES[2], STAGES[1], *STAGES[3:])
    with pytest.raises(ConfigError, match="extract"):
        check_order(swapped)


def test_pipeline_each_stage_module_exports_its_verb() -> None:
    import importlib

    verbs = {"parse": "parse_articles", "extract": "extract_claims", "align": "align_claims",
             "compare": "compare_claims", "report": "build_report", "ingest": "ingest_articles",
             "reuse": "detect_reuse", "consensus": "build_consensus"}
    for stage in STAGES:
        module = importlib.import_module(f"triangulate.stages.{stage.name}")
        assert callable(getattr(module, verbs[stage.name]))
        assert isinstance(stage, Stage)


def test_pipeline_import_is_light() -> None:
    code = "import sys, triangulate; print(sorted(m for m in ('spacy','torch','pyspark','trafilatura') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
