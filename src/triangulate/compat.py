"""The only module that probes optional dependencies.

Probes use ``find_spec`` so nothing heavy is imported just to ask.
"""

from __future__ import annotations

from importlib.util import find_spec

from .errors import MissingExtraError

__all__ = ["has_pyspark", "has_fastapi", "has_torch", "require"]


def _has(module: str) -> bool:
    try:
        return find_spec(module) is not None
    except (ImportError, ValueError):
        return False


has_pyspark = _has("pyspark")
has_fastapi = _has("fastapi")
has_torch = _has("torch")


def require(module: str, *, extra: str) -> None:
    """Raise ``MissingExtraError`` with the exact install command if ``module`` is absent."""
    if not _has(module):
        raise MissingExtraError(
            f"this feature needs the '{module}' package; install it with: "
            f'pip install "triangulate-news[{extra}]"',
            code="E500",
        )
