"""`triangulate check` as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from triangulate.cli import cli
from triangulate.render.json import validate_report_dict

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
STORY = EXAMPLES / "mine-collapse"

WIRE = """date 2024-03-14
outlet Lakeside Wire

PORT ELLIS, Norland (LW) — Four Norlandic bus drivers who were abducted near the border were freed late Tuesday, the interior ministry said on Wednesday. The drivers had been held for nine days by a group calling itself the Red Marsh Front, police said. "All four men are safe and in good health," said Interior Minister Tobias Renn. The ministry said no ransom was paid.
"""

REWRITE = """date 2024-03-15
outlet Clickwave

The interior ministry announced on March 13 that seven Norlandic bus drivers abducted near the border had been freed on March 12. The drivers had been held for nine days by a group calling itself the Red Marsh Front, police said. "All four men are safe and in good health," said Interior Minister Tobias Renn. "This is a proud day for our security forces," a government spokesperson said.
"""


@pytest.fixture()
def pair(tmp_path: Path) -> list[str]:
    (tmp_path / "wire.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "rewrite.txt").write_text(REWRITE, encoding="utf-8")
    return [str(tmp_path / "wire.txt"), str(tmp_path / "rewrite.txt")]


def test_check_json_contract(pair: list[str]) -> None:
    result = CliRunner().invoke(cli, ["check", *pair, "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert validate_report_dict(doc) == []
    assert doc["schema"] == "triangulate.report/1"
    fields = {c["field"] for claim in doc["claims"] for c in claim["conflicts"]}
    assert "number" in fields, "seven vs four drivers"
    assert "date" not in fields, "'freed on March 12' = 'freed late Tuesday' (published Thursday 14 March)"
    unmatched = [c for c in doc["claims"] if c["quote_status"] == "unmatched"]
    assert [c["status"] for c in unmatched] == ["uncorroborated"]
    verbatim = [c for c in doc["claims"] if c["quote_status"] == "verbatim"]
    assert len(verbatim) == 2


@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
def test_check_every_format_renders_the_conflict(pair: list[str], fmt: str) -> None:
    result = CliRunner().invoke(cli, ["check", *pair, "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "seven" in result.stdout


def test_check_fail_on_conflicting_exits_1(pair: list[str]) -> None:
    result = CliRunner().invoke(cli, ["check", *pair, "--fail-on", "conflicting", "-q"])
    assert result.exit_code == 1


def test_check_fail_on_passes_for_agreeing_articles(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(WIRE.replace("Lakeside Wire", "Other Outlet").replace("PORT ELLIS, Norland (LW) — ", ""),
                                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"),
                                      "--fail-on", "conflicting", "-q"])
    assert result.exit_code == 0, result.output


def test_check_output_file_refuses_overwrite_without_force(pair: list[str], tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    out.write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", *pair, "--format", "html", "-o", str(out)])
    assert result.exit_code == 1
    assert "E300" in result.output and "--force" in result.output
    assert out.read_text(encoding="utf-8") == "keep me"
    result = CliRunner().invoke(cli, ["check", *pair, "--format", "html", "-o", str(out), "--force"])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").lower().startswith("<!doctype html>")


def test_check_bad_inputs_are_named_and_the_rest_is_checked(pair: list[str], tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "lines.jsonl").write_text('{"text": "not closed\n', encoding="utf-8")
    (tmp_path / "nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    bad = [str(tmp_path / n) for n in ("empty.txt", "binary.txt", "lines.jsonl", "nav.html")]
    result = CliRunner().invoke(cli, ["check", *pair, *bad, "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    codes = {Path(r["source"].split("#")[0]).name: r["code"] for r in doc["rejections"]}
    assert codes == {"empty.txt": "E101", "binary.txt": "E102", "lines.jsonl": "E105", "nav.html": "E107"}
    assert len(doc["articles"]) == 2
    for name in ("empty.txt", "binary.txt", "lines.jsonl", "nav.html"):
        assert name in result.stderr
    strict = CliRunner().invoke(cli, ["check", *pair, *bad, "--strict", "-q"])
    assert strict.exit_code == 1


def test_check_non_english_is_listed_not_compared(pair: list[str], tmp_path: Path) -> None:
    french = tmp_path / "fr.txt"
    french.write_text(
        "Quatre chauffeurs de bus norlandais enlevés près de la frontière ont été libérés mardi soir, "
        "a annoncé mercredi le ministère de l'Intérieur. Les chauffeurs étaient détenus depuis neuf jours "
        "par un groupe se faisant appeler le Front du Marais Rouge, selon la police.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", *pair, str(french), "--format", "json"])
    doc = json.loads(result.stdout)
    fr = next(a for a in doc["articles"] if a["source"].endswith("fr.txt"))
    assert fr["language"] == "fr" and fr["compared"] is False
    assert not [c for c in doc["claims"] if c["article"] == fr["id"]]


def test_check_stdin(pair: list[str]) -> None:
    record = json.dumps({"text": REWRITE.split("\n\n", 1)[1], "outlet": "Clickwave", "published": "2024-03-15"})
    result = CliRunner().invoke(cli, ["check", pair[0], "-", "--format", "json"], input=record + "\n")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert {a["outlet"] for a in doc["articles"]} == {"Lakeside Wire", "Clickwave"}


def test_check_nothing_readable_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "empty.txt")])
    assert result.exit_code == 1
    assert "no article could be read" in result.output


def test_check_usage_error_exits_2() -> None:
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 2


@pytest.mark.slow
def test_check_python_dash_m_on_an_example(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "triangulate", "check", str(STORY), "--format", "json"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert validate_report_dict(doc) == []
    assert doc["summary"]["conflicting"] > 0
