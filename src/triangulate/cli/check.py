"""``triangulate check``: compare the reports of one story, claim by claim."""

from __future__ import annotations

import click

from ..api import check_paths
from ..records import Report, Status
from ..stages.ingest import IngestSettings
from ._options import domain_errors, output, refuse_overwrite, render_to, verbosity


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@output
@click.option("--fail-on", type=click.Choice(["conflicting", "uncorroborated"]), default=None,
              help="Exit 1 if any claim is conflicting (or, with 'uncorroborated', not corroborated).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=IngestSettings().max_bytes, show_default=True,
              help="Largest input file accepted.")
@click.option("--strict", is_flag=True, help="Exit 1 if any input was rejected.")
@click.option("--group/--no-group", default=True, show_default=True,
              help="Group the inputs into stories first (--no-group: take them all as one story).")
@verbosity
@domain_errors
def check(inputs: tuple[str, ...], fmt: str, output_path: str, force: bool, color: bool | None,
          fail_on: str | None, max_bytes: int, strict: bool, group: bool, verbose: int, quiet: bool) -> None:
    """Compare reports of one story: files (.txt .html .json .jsonl .csv), directories, or - for stdin.

    \b
    Examples:
      triangulate check wire.txt rewrite.html reprint.json
      triangulate check examples/kidnapped-drivers/ --format html -o report.html
      triangulate check a.txt b.txt --format json | jq .
      triangulate check a.txt b.txt --fail-on conflicting
    """
    from . import configure_logging

    configure_logging(verbose, quiet)
    refuse_overwrite(output_path, force)
    report = check_paths(inputs, ingest=IngestSettings(max_bytes=max_bytes), group=group)
    for rejection in report.rejections:
        if not quiet:
            click.echo(f"warning: {rejection}", err=True)
    compared = [a for a in report.articles if a.language == "en"]
    if not report.articles:
        raise click.ClickException("no article could be read from the inputs (see the warnings above)")
    if len(report.stories) > 1 and not quiet:
        click.echo(f"note: the inputs form {len(report.stories)} stories; claims are compared within each story "
                   "(--no-group compares them all as one story)", err=True)
    if len(compared) < 2 and not quiet:
        click.echo("warning: fewer than two English articles; nothing to compare claims against", err=True)
    render_to(report, fmt, output_path, color, quiet)
    _exit_status(report, fail_on, strict)


def _exit_status(report: Report, fail_on: str | None, strict: bool) -> None:
    statuses = {v.status for v in report.verdicts}
    if fail_on == "conflicting" and Status.CONFLICTING in statuses:
        raise SystemExit(1)
    if fail_on == "uncorroborated" and statuses & {Status.CONFLICTING, Status.UNCORROBORATED}:
        raise SystemExit(1)
    if strict and report.rejections:
        raise SystemExit(1)
