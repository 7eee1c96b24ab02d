"""The disk answers of one computation as plain data, and whether the disk still gives them.

A :class:`~pywhence.disk.fs.MemoFS` remembers every question a computation asked and the
answer it got.  :func:`export` writes those down as tuples of strings, numbers and bytes
(an ``OSError`` answer as its errno), so that they can be kept outside the process;
:func:`still_hold` asks each question again through a live view and says whether every
answer is the same -- the condition under which a result computed from them cannot
differ (:meth:`MemoFS.still_answers` is the same test for answers kept in memory).
"""

from __future__ import annotations

import os

from .fs import _ASK, _MISSING_IS_ENOUGH, FileSystem, LocalFS, MemoFS, _Raised

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["export", "still_hold"]

_PLAIN = (str, bytes, int, float, bool, type(None))


def _plain(answer: object) -> Any:
    """*answer* in marshal-able terms, or raise TypeError for one that has none."""
    if isinstance(answer, _Raised):
        return ("raised", type(answer.exc).__name__, answer.exc.errno)
    if isinstance(answer, _PLAIN):
        return answer
    if isinstance(answer, (tuple, list)):
        return tuple(_plain(a) for a in answer)
    if isinstance(answer, (frozenset, set)):
        return ("set", tuple(sorted(_plain(a) for a in answer)))
    raise TypeError(f"an answer of type {type(answer).__name__} cannot be kept")


def export(memo: MemoFS) -> tuple[tuple[str, str, int | None, Any], ...]:
    """Every question *memo* was asked, with its answer, as plain data."""
    return tuple((what, path, limit, _plain(answer))
                 for (what, path, limit), answer in memo._memo.items())


def still_hold(answers: tuple[tuple[str, str, int | None, Any], ...], fs: FileSystem) -> bool:
    """Whether *fs* answers every exported question exactly as it did."""
    local = isinstance(fs, LocalFS)
    for what, path, limit, answer in answers:
        ask = _ASK.get(what)
        if ask is None:
            return False
        if local and what in _MISSING_IS_ENOUGH and (answer is None or answer is False or (
                type(answer) is tuple and answer[:2] == ("raised", "FileNotFoundError"))):
            # Still missing is the whole answer; access() says so without raising.
            try:
                if not os.access(path, os.F_OK):
                    continue
            except ValueError:
                pass  # not a path access() takes: ask the question itself
            else:
                return False
        try:
            now: object = ask(fs, path, limit)
        except OSError as exc:
            now = _Raised(exc)
        try:
            if _plain(now) != answer:
                return False
        except TypeError:
            return False
    return True
