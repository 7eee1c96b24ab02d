"""A bounded memo for pure functions, without ``functools``' import cost; and the one
place that can empty every cache pywhence keeps (:func:`clear_all`).

``functools.lru_cache`` needs ``functools`` (and with it ``collections``) at import
time; the handful of pure functions pywhence remembers (behaviour switches per version,
the syntax check of a ``.pth`` line, a directory listing's index) need only a dict that
is emptied when it grows past its bound.  Thread-safe for pywhence's use: a race can at
worst compute a value twice, and every remembered function is pure.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    _F = TypeVar("_F", bound=Callable[..., Any])

__all__ = ["clear_all", "forget_with", "memoize"]

#: How to empty every cache of the modules loaded so far (each registers its own).
_CLEARERS: list[Callable[[], None]] = []


def forget_with(clear: Callable[[], None]) -> None:
    """Register *clear* (a cache's ``clear``) for :func:`clear_all`."""
    _CLEARERS.append(clear)


def clear_all() -> None:
    """Empty every cache pywhence keeps: the next computation starts from nothing."""
    for clear in _CLEARERS:
        clear()


def memoize(maxsize: int) -> Callable[[_F], _F]:
    """Remember *fn*'s results by its positional arguments, at most *maxsize* of them."""

    def decorate(fn: _F) -> _F:
        cache: dict[tuple[Any, ...], Any] = {}

        def remembered(*args: Any) -> Any:
            try:
                return cache[args]
            except KeyError:
                pass
            if len(cache) >= maxsize:
                cache.clear()
            value = cache[args] = fn(*args)
            return value

        remembered.__name__ = fn.__name__
        remembered.__qualname__ = fn.__qualname__
        remembered.__doc__ = fn.__doc__
        remembered.cache_clear = cache.clear  # type: ignore[attr-defined]
        forget_with(cache.clear)
        return remembered  # type: ignore[return-value]

    return decorate
