"""Which installed distribution put a file there: the ``RECORD`` of each ``*.dist-info``
(the wheel spec, PEP 376/627) and ``installed-files.txt`` of each ``*.egg-info`` in the
file's own site directory.

A RECORD row is ``path,hash,size`` (CSV), the path relative to the site directory (it
may climb out with ``..``: scripts in ``bin/``), the hash ``sha256=<urlsafe base64, no
padding>``.  A file listed there was installed by that distribution; when the file's
bytes no longer match the hash, it was changed after installation.  The name and version
come from the ``METADATA`` (``PKG-INFO`` for an egg) ``Name:`` and ``Version:`` headers,
else from the directory's own name.

The same records say which top-level modules each distribution installed, so two
distributions writing one module file can be told apart from namespace packages
(which only share a directory).  Everything is read through the audit's filesystem
view, once per site directory; a distribution's ``METADATA`` only when its name is
reported.
"""

from __future__ import annotations

from .._record import record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..disk.fs import FileSystem

__all__ = ["Distribution", "Distributions", "file_sha256"]


@record
class Distribution:
    """One installed distribution of a site directory."""

    name: str
    version: str | None
    #: Its ``*.dist-info`` / ``*.egg-info`` directory.
    meta: str

    @property
    def label(self) -> str:
        return f"{self.name} {self.version}" if self.version else self.name

    @property
    def key(self) -> str:
        """The PEP 503 normalised name (two spellings of one project are one)."""
        out = []
        for c in self.name.lower():
            out.append("-" if c in "-_." else c)
        text = "".join(out)
        while "--" in text:
            text = text.replace("--", "-")
        return text


class _Meta:
    """One distribution's records, kept as text and searched for what is asked; its
    name and version (the ``METADATA`` headers) are read only when first asked for."""

    __slots__ = ("_dist", "egg", "fs", "headers", "meta", "text", "where")

    def __init__(self, fs: FileSystem, where: str, meta: str, headers: str, text: str,
                 egg: bool) -> None:
        self.fs = fs
        self.where = where
        self.meta = meta
        self.headers = headers
        self._dist: Distribution | None = None
        self.text = text
        #: installed-files.txt (paths relative to the .egg-info) rather than a RECORD.
        self.egg = egg

    @property
    def dist(self) -> Distribution:
        if self._dist is None:
            self._dist = _distribution(self.fs, self.where, self.meta, self.headers)
        return self._dist

    def lists(self, name: str) -> tuple[bool, str | None]:
        """(whether the records list file *name* of the site directory, its hash)."""
        text = self.text
        if self.egg:
            return "\n../" + name + "\n" in "\n" + text + "\n", None
        if '"' in text:
            return _quoted_lists(text, name)
        needle = name + ","
        i = 0 if text.startswith(needle) else text.find("\n" + needle)
        if i < 0:
            return False, None
        i = i + 1 if text[i] == "\n" else i
        line = text[i:text.find("\n", i) if text.find("\n", i) >= 0 else len(text)]
        _, _, rest = line.partition(",")
        digest = rest.rpartition(",")[0] if rest.count(",") else rest
        return True, digest or None

    def tops(self) -> tuple[str, ...]:
        """The top-level module files the records list (``six.py``, ``jwt/__init__.py``)."""
        return _tops(self.text, self.egg)


class _SiteDir:
    """The distributions of one site directory."""

    __slots__ = ("metas",)

    def __init__(self) -> None:
        self.metas: list[_Meta] = []

    @property
    def claims(self) -> dict[str, list[_Meta]]:
        """top-level module file -> the records that list it (``.dist`` names each)."""
        out: dict[str, list[_Meta]] = {}
        for m in self.metas:
            for top in m.tops():
                out.setdefault(top, []).append(m)
        return out


class Distributions:
    """The installed distributions of the site directories the audit looks at."""

    def __init__(self, fs: FileSystem) -> None:
        self.fs = fs
        self._sites: dict[str, _SiteDir] = {}

    def site(self, sitedir: str) -> _SiteDir:
        hit = self._sites.get(sitedir)
        if hit is None:
            hit = self._sites[sitedir] = self._read_site(sitedir)
        return hit

    def owner_of(self, path: str) -> tuple[Distribution, str | None] | None:
        """(the distribution whose records list *path*, the RECORD hash) or None."""
        p = self.fs.path
        name = p.basename(path)
        for m in self.site(p.dirname(path)).metas:
            listed, digest = m.lists(name)
            if listed:
                return m.dist, digest
        return None

    def _read_site(self, sitedir: str) -> _SiteDir:
        out = _SiteDir()
        fs = self.fs
        p = fs.path
        try:
            names = fs.list_dir(sitedir)
        except OSError:
            return out
        for meta in sorted(names):
            if meta.endswith(".dist-info"):
                record_name, headers = "RECORD", "METADATA"
            elif meta.endswith(".egg-info"):
                record_name, headers = "installed-files.txt", "PKG-INFO"
            else:
                continue
            where = p.join(sitedir, meta)
            text = _read_text(fs, p.join(where, record_name))
            if text is None:
                continue
            out.metas.append(_Meta(fs, where, meta, headers, text, record_name != "RECORD"))
        return out

    def conflicts(self, sitedir: str) -> dict[str, list[Distribution]]:
        """Top-level module files that distributions of different names both install."""
        found: dict[str, list[Distribution]] = {}
        for top, metas in self.site(sitedir).claims.items():
            if len(metas) < 2:
                continue
            dists = [m.dist for m in metas]
            if len({d.key for d in dists}) >= 2:
                found[top] = dists
        return found


#: A RECORD row (or ``../`` line of installed-files.txt) naming a top-level module file.
_TOP = (r"^(?:\.\./)?([A-Za-z_][A-Za-z0-9_]*(?:\.py|\.pyc|\.[A-Za-z0-9_.-]*(?:so|pyd)"
        r"|/__init__\.py|/__init__\.pyc|/__init__\.[A-Za-z0-9_.-]*(?:so|pyd)))(?:,|$)")
_TOPS_MEMO: dict[str, tuple[str, ...]] = {}


def _tops(text: str, egg: bool) -> tuple[str, ...]:
    hit = _TOPS_MEMO.get(text)
    if hit is not None:
        return hit
    import re

    found = tuple(dict.fromkeys(m.group(1) for m in re.finditer(_TOP, text, re.MULTILINE)
                                if not egg or m.group(0).startswith("../")))
    if len(_TOPS_MEMO) > 512:
        _TOPS_MEMO.clear()
    _TOPS_MEMO[text] = found
    return found


def _quoted_lists(text: str, name: str) -> tuple[bool, str | None]:
    import csv

    for row in csv.reader(text.splitlines()):
        if row and row[0] == name:
            return True, (row[1] if len(row) > 1 and row[1] else None)
    return False, None


def _read_text(fs: FileSystem, path: str) -> str | None:
    try:
        return fs.read_bytes(path).decode("utf-8", "replace")
    except OSError:
        return None


def _distribution(fs: FileSystem, where: str, meta: str, headers: str) -> Distribution:
    stem = meta.rpartition(".")[0]
    name, _, version = stem.partition("-")
    head = None
    try:
        head = fs.read_bytes(fs.path.join(where, headers), 4096).decode("utf-8", "replace")
    except OSError:
        pass
    if head:
        for line in head.splitlines():
            if not line.strip():
                break  # the headers end at the first blank line
            key, colon, value = line.partition(":")
            if colon and key.strip().lower() == "name" and value.strip():
                name = value.strip()
            elif colon and key.strip().lower() == "version" and value.strip():
                version = value.strip()
    return Distribution(name=name, version=version.partition("-")[0] or None, meta=where)


def file_sha256(data: bytes) -> str:
    """``sha256=<urlsafe base64 without padding>``, as a RECORD writes it."""
    import base64
    import hashlib

    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + digest.decode("ascii")
