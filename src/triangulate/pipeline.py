"""The pipeline: the stages in order, what each requires and provides, and the runner.

Each stage module exports one verb function. The runner checks, before any
work, that every stage's inputs are provided by an earlier stage (spaCy's
``pipe_analysis`` idea), then runs them in order.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import ConfigError
from .records import Article, Rejection, Report, StoryInfo
from .stages.align import AlignSettings, align_claims
from .stages.compare import CompareSettings, compare_claims
from .stages.consensus import ConsensusSettings, build_consensus
from .stages.extract import ExtractSettings, extract_claims
from .stages.parse import ParseSettings, parse_articles
from .stages.report import build_report
from .stages.reuse import ReuseSettings, detect_reuse, independent_sources

__all__ = ["Stage", "STAGES", "PipelineSettings", "check_order", "run_check"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Stage:
    """A pipeline stage: its name, its versioned algorithm name, its contract."""

    name: str
    algorithm: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]


STAGES: tuple[Stage, ...] = (
    Stage("ingest", "triangulate.ingest.v1", (), ("Article", "Rejection")),
    Stage("parse", "triangulate.parse.v1", ("Article",), ("ParsedArticle",)),
    Stage("extract", "triangulate.extract.v1", ("ParsedArticle",), ("Claim",)),
    Stage("align", "triangulate.align.v1", ("Claim",), ("ClaimAlignment",)),
    Stage("reuse", "triangulate.reuse.v1", ("Article",), ("ReuseLink",)),
    Stage("compare", "triangulate.compare.v1", ("Claim", "ClaimAlignment", "ParsedArticle"), ("Verdict",)),
    Stage("consensus", "triangulate.consensus.v1", ("Verdict", "ReuseLink"), ("SheetFact", "TimelineEvent")),
    Stage("report", "triangulate.report.v1", ("Article", "Verdict", "Rejection", "ReuseLink", "SheetFact"),
          ("Report",)),
)


def check_order(stages: Sequence[Stage] = STAGES) -> None:
    """Raise ``ConfigError`` if a stage requires a record no earlier stage provides."""
    provided: set[str] = set()
    for stage in stages:
        missing = [r for r in stage.requires if r not in provided]
        if missing:
            raise ConfigError(f"stage '{stage.name}' requires {missing}, which no earlier stage provides",
                              code="E001")
        provided.update(stage.provides)


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    """Settings of every stage after ingest."""

    parse: ParseSettings = field(default_factory=ParseSettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    align: AlignSettings = field(default_factory=AlignSettings)
    compare: CompareSettings = field(default_factory=CompareSettings)
    reuse: ReuseSettings = field(default_factory=ReuseSettings)
    consensus: ConsensusSettings = field(default_factory=ConsensusSettings)

    def describe(self) -> dict[str, Any]:
        return {s.name: s.algorithm for s in STAGES}


def run_check(
    articles: Iterable[Article],
    rejections: Sequence[Rejection] = (),
    settings: PipelineSettings = PipelineSettings(),
    story: StoryInfo | None = None,
) -> Report:
    """Parse, extract, align, compare and report on articles of one story."""
    check_order()
    articles = list(articles)
    parsed = list(parse_articles(articles, settings.parse))
    compared = [p for p in parsed if p.article.language == "en"]
    claims = list(extract_claims(compared, settings.extract))
    alignments = align_claims(claims, settings.align)
    verdicts = list(compare_claims(claims, alignments, compared, settings.compare))
    english = [p.article for p in compared]
    links = detect_reuse(english, settings.reuse)
    sources = independent_sources(english, links)
    names = {(p.article.id, m.key): m.names for p in compared for m in p.mentions}
    facts, timeline = build_consensus(verdicts, english, sources, names, settings.consensus)
    log.info("%d articles, %d claims, %d alignments", len(articles), len(claims), len(alignments))
    return build_report(articles, verdicts, rejections, settings=settings.describe(), links=links,
                        sources=sources, facts=facts, timeline=timeline, stories=(story,) if story else ())
