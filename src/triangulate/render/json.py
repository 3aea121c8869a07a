"""The JSON report: a stable, documented contract (see ``docs/schema.md``).

``SCHEMA`` names the contract. Keys may be added within ``triangulate.report/1``;
removing or retyping a key needs a new schema name. ``validate_report_dict``
checks a document against the contract and returns the problems it finds, so
tests and consumers can share one definition.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from triangulate.records import Article, Claim, Conflict, Link, Rejection, Report, ReuseLink, Verdict

__all__ = ["SCHEMA", "report_to_dict", "render_json", "validate_report_dict"]

SCHEMA = "triangulate.report/1"

STATUSES = ("corroborated", "conflicting", "uncorroborated")
QUOTE_STATUSES = ("verbatim", "altered", "misattributed", "unmatched")
CLAIM_KINDS = ("statement", "quote")


# --------------------------------------------------------------------------- writing


def _article(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "source": a.source,
        "outlet": a.outlet,
        "published": a.published.isoformat() if a.published else None,
        "title": a.title,
        "byline": a.byline,
        "credits": list(a.credits),
        "language": a.language,
        "dateline": a.dateline,
        "url": a.url,
        "compared": a.language == "en",
        # extras
        "label": a.label,
        "format": a.format,
        "body": a.body,
    }


def _rejection(r: Rejection) -> dict[str, Any]:
    return {"source": r.source, "code": r.code, "reason": r.reason}


def _link(link: Link) -> dict[str, Any]:
    return {"claim": link.claim, "article": link.article, "text": link.text, "score": link.score}


def _conflict(c: Conflict) -> dict[str, Any]:
    return {
        "claim": c.claim,
        "article": c.article,
        "text": c.text,
        "field": c.field,
        "value": c.value,
        "other_value": c.other_value,
        "explanation": c.explanation,
    }


def _claim(v: Verdict) -> dict[str, Any]:
    c: Claim = v.claim
    return {
        "id": c.id,
        "article": c.article_id,
        "text": c.text,
        "start": c.start,
        "end": c.end,
        "kind": c.kind,
        "facts": [f.to_dict() for f in c.facts],
        "status": str(v.status),
        "quote_status": v.quote_status,
        "support": [_link(s) for s in v.support],
        "conflicts": [_conflict(x) for x in v.conflicts],
        "explanation": v.explanation,
        # extras
        "sentence": c.sentence,
        "unsupported": list(v.unsupported),
        "independent_sources": v.independent_sources,
        "added_by": v.added_by,
    }


def _jsonable(value: Any) -> Any:
    """``value`` as plain JSON types (anything else becomes its ``str``)."""
    return json.loads(json.dumps(value, default=str, sort_keys=True))


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as the documented ``triangulate.report/1`` JSON object."""
    counts = report.counts()
    return {
        "schema": SCHEMA,
        "generator": report.generator,
        "summary": {
            "articles": len(report.articles),
            "claims": len(report.verdicts),
            "corroborated": counts["corroborated"],
            "conflicting": counts["conflicting"],
            "uncorroborated": counts["uncorroborated"],
            # extras
            "compared_articles": sum(1 for a in report.articles if a.language == "en"),
            "rejections": len(report.rejections),
        },
        "articles": [_article(a) for a in report.articles],
        "rejections": [_rejection(r) for r in report.rejections],
        "claims": [_claim(v) for v in report.verdicts],
        "settings": _jsonable(report.settings),
        # triangulate.report/1 additions for stories and provenance
        "stories": [story.to_dict() for story in report.stories],
        "provenance": [_provenance(link) for link in report.provenance],
        "sources": dict(report.sources),
        "facts": [_jsonable(f.to_dict()) for f in report.facts],
        "timeline": [_jsonable(t.to_dict()) for t in report.timeline],
    }


def _provenance(link: ReuseLink) -> dict[str, Any]:
    return {
        "article": link.article,
        "source_article": link.source_article,
        "relation": link.relation,
        "overlap": link.overlap,
        "credited": link.credited,
        # extras
        "direction": link.direction,
        "explanation": link.explanation,
    }


def render_json(report: Report) -> str:
    """The JSON report: two-space indent, UTF-8 text kept as is, trailing newline."""
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- checking

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _type_name(spec: Any) -> str:
    if isinstance(spec, tuple):
        return " or ".join(_type_name(s) for s in spec)
    return {str: "string", int: "integer", bool: "boolean", list: "array", dict: "object",
            type(None): "null", float: "number"}.get(spec, str(spec))


def _is(value: Any, spec: Any) -> bool:
    specs = spec if isinstance(spec, tuple) else (spec,)
    for s in specs:
        if s is int and isinstance(value, int) and not isinstance(value, bool):
            return True
        if s is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            return True
        if s is bool and isinstance(value, bool):
            return True
        if s in (str, list, dict, type(None)) and isinstance(value, s):
            return True
    return False


def _keys(obj: Any, where: str, spec: dict[str, Any], problems: list[str]) -> bool:
    """Check ``obj`` is an object with every key of ``spec`` of the right type."""
    if not isinstance(obj, dict):
        problems.append(f"{where}: expected object, got {type(obj).__name__}")
        return False
    for key, typ in spec.items():
        if key not in obj:
            problems.append(f"{where}: missing key '{key}'")
        elif not _is(obj[key], typ):
            problems.append(
                f"{where}.{key}: expected {_type_name(typ)}, got {type(obj[key]).__name__}"
            )
    return True


def _list(obj: Any, where: str, problems: list[str]) -> list[Any]:
    if not isinstance(obj, list):
        if obj is not None:
            problems.append(f"{where}: expected array, got {type(obj).__name__}")
        return []
    return obj


def _one_of(obj: dict[str, Any], key: str, where: str, allowed: tuple[Any, ...],
            problems: list[str]) -> None:
    if key in obj and obj[key] not in allowed:
        problems.append(f"{where}.{key}: expected one of {list(allowed)}, got {obj[key]!r}")


_TOP = {"schema": str, "generator": str, "summary": dict, "articles": list,
        "rejections": list, "claims": list}
_SUMMARY = {"articles": int, "claims": int, "corroborated": int, "conflicting": int,
            "uncorroborated": int}
_ARTICLE = {"id": str, "source": str, "outlet": (str, type(None)),
            "published": (str, type(None)), "title": (str, type(None)),
            "byline": (str, type(None)), "credits": list, "language": str,
            "dateline": (str, type(None)), "url": (str, type(None)), "compared": bool}
_REJECTION = {"source": str, "code": str, "reason": str}
_CLAIM = {"id": str, "article": str, "text": str, "start": int, "end": int, "kind": str,
          "facts": list, "status": str, "quote_status": (str, type(None)), "support": list,
          "conflicts": list, "explanation": str}
_FACT = {"type": str, "text": str, "value": str}
_FACT_EXTRA = {"start": int, "end": int, "detail": (str, type(None))}
_SUPPORT = {"claim": str, "article": str, "text": str}
_CONFLICT = {"claim": str, "article": str, "text": str, "field": str, "value": str,
             "other_value": str, "explanation": str}


def validate_report_dict(d: Any) -> list[str]:
    """Problems that keep ``d`` from being a valid ``triangulate.report/1`` document.

    Checks required keys and their JSON types, the enumerations (status,
    quote_status, kind), dates, offsets, that the summary counts match the
    lists, that claims point at listed articles and that ``compared`` is true
    exactly for English articles. Extra keys are allowed. An empty list means
    valid.
    """
    problems: list[str] = []
    if not _keys(d, "report", _TOP, problems):
        return problems
    if isinstance(d.get("schema"), str) and d["schema"] != SCHEMA:
        problems.append(f"report.schema: expected {SCHEMA!r}, got {d['schema']!r}")

    articles = _list(d.get("articles"), "articles", problems)
    article_ids: set[str] = set()
    for i, a in enumerate(articles):
        where = f"articles[{i}]"
        if not _keys(a, where, _ARTICLE, problems):
            continue
        if isinstance(a.get("id"), str):
            if a["id"] in article_ids:
                problems.append(f"{where}.id: duplicate article id {a['id']!r}")
            article_ids.add(a["id"])
        pub = a.get("published")
        if isinstance(pub, str):
            try:
                ok = bool(_DATE.match(pub)) and dt.date.fromisoformat(pub) is not None
            except ValueError:
                ok = False
            if not ok:
                problems.append(f"{where}.published: expected YYYY-MM-DD or null, got {pub!r}")
        for j, credit in enumerate(_list(a.get("credits"), f"{where}.credits", problems)):
            if not isinstance(credit, str):
                problems.append(f"{where}.credits[{j}]: expected string, got {type(credit).__name__}")
        if isinstance(a.get("language"), str) and isinstance(a.get("compared"), bool) \
                and a["compared"] != (a["language"] == "en"):
            problems.append(
                f"{where}.compared: must be true exactly when language is 'en' "
                f"(language {a['language']!r}, compared {a['compared']})"
            )

    for i, r in enumerate(_list(d.get("rejections"), "rejections", problems)):
        _keys(r, f"rejections[{i}]", _REJECTION, problems)

    claims = _list(d.get("claims"), "claims", problems)
    claim_ids: set[str] = set()
    statuses: dict[str, int] = {s: 0 for s in STATUSES}
    for i, c in enumerate(claims):
        where = f"claims[{i}]"
        if not _keys(c, where, _CLAIM, problems):
            continue
        if isinstance(c.get("id"), str):
            if c["id"] in claim_ids:
                problems.append(f"{where}.id: duplicate claim id {c['id']!r}")
            claim_ids.add(c["id"])
        _one_of(c, "status", where, STATUSES, problems)
        _one_of(c, "quote_status", where, (None, *QUOTE_STATUSES), problems)
        _one_of(c, "kind", where, CLAIM_KINDS, problems)
        if c.get("status") in statuses:
            statuses[c["status"]] += 1
        if isinstance(c.get("article"), str) and c["article"] not in article_ids:
            problems.append(f"{where}.article: {c['article']!r} is not a listed article id")
        start, end = c.get("start"), c.get("end")
        if _is(start, int) and _is(end, int) and not 0 <= start <= end:
            problems.append(f"{where}: offsets must satisfy 0 <= start <= end (got {start}, {end})")
        for j, f in enumerate(_list(c.get("facts"), f"{where}.facts", problems)):
            fw = f"{where}.facts[{j}]"
            if _keys(f, fw, _FACT, problems):
                for key, typ in _FACT_EXTRA.items():
                    if key in f and not _is(f[key], typ):
                        problems.append(
                            f"{fw}.{key}: expected {_type_name(typ)}, got {type(f[key]).__name__}"
                        )
        for j, s in enumerate(_list(c.get("support"), f"{where}.support", problems)):
            if _keys(s, f"{where}.support[{j}]", _SUPPORT, problems) \
                    and isinstance(s.get("article"), str) and s["article"] not in article_ids:
                problems.append(
                    f"{where}.support[{j}].article: {s['article']!r} is not a listed article id"
                )
        for j, x in enumerate(_list(c.get("conflicts"), f"{where}.conflicts", problems)):
            if _keys(x, f"{where}.conflicts[{j}]", _CONFLICT, problems) \
                    and isinstance(x.get("article"), str) and x["article"] not in article_ids:
                problems.append(
                    f"{where}.conflicts[{j}].article: {x['article']!r} is not a listed article id"
                )

    summary = d.get("summary")
    if _keys(summary, "summary", _SUMMARY, problems):
        expected = {"articles": len(articles), "claims": len(claims), **statuses}
        for key, n in expected.items():
            if _is(summary.get(key), int) and summary[key] != n:
                problems.append(f"summary.{key}: says {summary[key]}, the lists give {n}")
    return problems
