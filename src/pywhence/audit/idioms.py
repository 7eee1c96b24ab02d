"""Startup code the audit recognises, and startup code that looks like an attack.

Build back-ends and setuptools put a handful of ``import`` lines into ``.pth`` files,
each always in the same shape: setuptools' editable finder (PEP 660,
``__editable__.NAME.pth``: ``import __editable___NAME_finder;
__editable___NAME_finder.install()``), the distutils-precedence shim, the ``editables``
redirector (hatchling, pdm), scikit-build-core's and meson-python's editable loaders,
virtualenv's ``_virtualenv``, setuptools' legacy namespace packages (``*-nspkg.pth``) and
``easy-install.pth``.  A line is recognised only when it matches its idiom *exactly*
(the names the idiom derives from the project may vary, nothing else), and -- when the
idiom imports a module of its own -- once that module's source is checked to be the
idiom's code (:attr:`Idiom.signature`), found with the import resolver.

Anything else is unknown code.  Unknown code that executes decoded data (``exec`` of a
``base64``/``zlib``/``marshal``/hex/rot13 payload, a long encoded blob), starts
processes or opens network connections is reported as obfuscated; code hidden in a
string that ``exec`` runs is read too (the litellm_init.pth attack of March 2026 was
a base64 payload handed to ``exec`` in a subprocess).  This is knowledge about the
idioms and attacks, not about CPython: which lines run, and in which order, is the
site stage's answer.
"""

from __future__ import annotations

from .._memo import forget_with
from .._record import record

TYPE_CHECKING = False
if TYPE_CHECKING:
    import ast
    import re

__all__ = ["IDIOMS", "Idiom", "Recognition", "recognise", "suspicion"]


@record
class Idiom:
    """One known shape of startup code."""

    name: str
    #: The .pth file names it comes in (a regular expression), or None for any.
    file: str | None
    #: The whole line (stripped), as a regular expression; group ``module`` names the
    #: module it imports, when the idiom has one of its own.
    line: str
    #: Strings the imported module's source must contain (any one of each tuple).
    signature: tuple[tuple[str, ...], ...] = ()
    #: The import hooks it installs.
    hooks: tuple[str, ...] = ()
    #: Whether a .pth file with this name and another import line is a look-alike.
    owns_file_name: bool = False


IDIOMS: tuple[Idiom, ...] = (
    Idiom("setuptools-editable", r"__editable__\..+\.pth",
          r"import (?P<module>__editable___\w+_finder); (?P=module)\.install\(\)",
          (("class _EditableFinder",), ("def install(",)),
          ("_EditableFinder appended to sys.meta_path",
           "_EditableNamespaceFinder._path_hook appended to sys.path_hooks (namespaces)"),
          owns_file_name=True),
    Idiom("setuptools-distutils-shim", r"distutils-precedence\.pth",
          r"import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os\.environ\.get\(var, "
          r"'(?:local|stdlib)'\) == 'local'; enabled and "
          r"__import__\('(?P<module>_distutils_hack)'\)\.add_shim\(\);?",
          (("class DistutilsMetaFinder",), ("def add_shim",)),
          (("DistutilsMetaFinder inserted first in sys.meta_path (unless "
            "SETUPTOOLS_USE_DISTUTILS=stdlib)"),),
          owns_file_name=True),
    Idiom("editables", None, r"import (?P<module>_editable_impl_\w+)",
          (("editables.redirector",), ("RedirectingFinder",)),
          ("editables RedirectingFinder appended to sys.meta_path",)),
    Idiom("meson-python", None, r"import (?P<module>_\w+_editable_loader)",
          (("MesonpyMetaFinder",),),
          ("MesonpyMetaFinder inserted first in sys.meta_path",)),
    Idiom("scikit-build-core", None, r"import (?P<module>_editable_skbc_\w+|_\w+_editable)",
          (("ScikitBuildRedirectingFinder", "install_inplace"),),
          ("ScikitBuildRedirectingFinder inserted first in sys.meta_path",)),
    Idiom("virtualenv", r"_virtualenv\.pth", r"import (?P<module>_virtualenv)",
          (("_DISTUTILS_PATCH",), ("class _Finder",)),
          (("virtualenv _Finder inserted first in sys.meta_path (patches distutils.dist "
            "and setuptools.dist when they are imported)"),),
          owns_file_name=True),
    Idiom("setuptools-nspkg", r".+-nspkg\.pth", "(nspkg)",
          hooks=("a namespace package module put in sys.modules",)),
    Idiom("setuptools-easy-install", r"easy-install\.pth",
          r"import sys; sys\.__plen = len\(sys\.path\)|import sys; new = sys\.path\[sys\.__plen:\]; "
          r"del sys\.path\[sys\.__plen:\]; p = getattr\(sys, '__egginsert', 0\); "
          r"sys\.path\[p:p\] = new; sys\.__egginsert = p \+ len\(new\)",
          owns_file_name=True),
    Idiom("coverage-process-startup", None,
          r"import (?P<module>coverage); coverage\.process_startup\(\)",
          (("def process_startup",),)),
)

#: The two shapes of setuptools' ``*-nspkg.pth`` line, string literals replaced by S.
_NSPKG = (
    ("import sys, types, os;has_mfs = sys.version_info > (3, 5);p = os.path.join(sys._getframe(1)"
    ".f_locals[S], *(S,));importlib = has_mfs and __import__(S);has_mfs and __import__(S);"
    "m = has_mfs and sys.modules.setdefault(S, importlib.util.module_from_spec(importlib."
    "machinery.PathFinder.find_spec(S, [os.path.dirname(p)])));m = m or sys.modules."
    "setdefault(S, types.ModuleType(S));mp = (m or []) and m.__dict__.setdefault(S,[]);"
    "(p not in mp) and mp.append(p)"),
    ("import sys, types, os;p = os.path.join(sys._getframe(1).f_locals[S], *(S,));ie = os.path."
    "exists(os.path.join(p,S));m = not ie and sys.modules.setdefault(S, types.ModuleType(S));"
    "mp = (m or []) and m.__dict__.setdefault(S,[]);(p not in mp) and mp.append(p)"),
)
_NSPKG_SUFFIX = ";m and setattr(sys.modules[S], S, m)"

_COMPILED: dict[str, re.Pattern[str]] = {}


def _re(pattern: str) -> re.Pattern[str]:
    hit = _COMPILED.get(pattern)
    if hit is None:
        import re

        hit = _COMPILED[pattern] = re.compile(pattern)
    return hit


def _nspkg(line: str) -> bool:
    """Whether *line* is one of setuptools' namespace-package lines (names vary only)."""
    rx = _re(r"'([A-Za-z0-9_.]*)'")
    skeleton = rx.sub("S", line)
    skeleton = _re(r"\*\(S(?:, S)*,?\)").sub("*(S,)", skeleton)
    while skeleton.endswith(_NSPKG_SUFFIX):
        skeleton = skeleton[: -len(_NSPKG_SUFFIX)]
    return skeleton in _NSPKG


@record
class Recognition:
    """What the audit makes of one line of startup code."""

    #: The idiom it is, or None.
    idiom: str | None = None
    hooks: tuple[str, ...] = ()
    #: The module the idiom's line imports, whose source must carry the signature.
    module: str | None = None
    signature: tuple[tuple[str, ...], ...] = ()
    #: Why the file or line borrows an idiom's shape without being it (PW103), or None.
    lookalike: str | None = None


def recognise(file_name: str, text: str) -> Recognition:
    """The idiom that the import line *text* of the .pth file *file_name* is, if any."""
    line = text.strip()
    for idiom in IDIOMS:
        named = idiom.file is not None and _re(idiom.file).fullmatch(file_name) is not None
        if idiom.file is not None and not named and idiom.owns_file_name:
            continue
        if idiom.name == "setuptools-nspkg":
            matched = named and _nspkg(line)
            m = None
        else:
            m = _re(idiom.line).fullmatch(line)
            matched = m is not None
        if matched:
            module = m.groupdict().get("module") if m is not None else None
            return Recognition(idiom.name, idiom.hooks, module, idiom.signature if module else ())
        if named and idiom.owns_file_name:
            return Recognition(lookalike=f"{file_name} is named like {idiom.name}'s file, but "
                                         "this line is not that idiom's")
    return Recognition()


def signature_ok(source: str, signature: tuple[tuple[str, ...], ...]) -> bool:
    """Whether *source* holds one string of each group of *signature*."""
    return all(any(s in source for s in group) for group in signature)


# ---------------------------------------------------------------------------------------
# Unknown code: what it does
# ---------------------------------------------------------------------------------------

_EXEC = frozenset({"exec", "eval", "compile"})
_DECODE = frozenset({
    "b64decode", "b32decode", "b16decode", "b85decode", "a85decode", "urlsafe_b64decode",
    "standard_b64decode", "decodebytes", "decodestring", "fromhex", "unhexlify", "a2b_base64",
    "a2b_hex", "decompress", "rot13", "rot_13", "loads",
})
_DECODE_MODULES = frozenset({"base64", "binascii", "zlib", "lzma", "bz2", "gzip", "marshal",
                             "pickle", "codecs"})
_SPAWN = frozenset({"subprocess", "pty", "system", "popen", "Popen", "spawnl", "spawnv",
                    "spawnve", "spawnlp", "execv", "execve", "execl", "execlp", "execvp",
                    "posix_spawn", "fork", "forkpty", "startfile"})
_NET = frozenset({"socket", "urllib", "http", "ftplib", "smtplib", "requests", "httpx",
                  "urlopen", "urlretrieve", "create_connection", "telnetlib", "xmlrpc"})
#: A string literal this long, of the base64/hex alphabet only, is an encoded blob.
_BLOB = 200
#: Longer lines are judged by their words (a hostile file must not make the audit slow).
_PARSE_AT_MOST = 1 << 20


_SUSPICION: dict[str, tuple[str | None, bool]] = {}
forget_with(_SUSPICION.clear)


def suspicion(text: str, depth: int = 0) -> tuple[str | None, bool]:
    """(why *text* looks like an attack -- executes decoded data, starts processes, opens
    the network -- or None; whether it runs code hidden in a string literal)."""
    hit = _SUSPICION.get(text) if depth == 0 else None
    if hit is None:
        hit = _suspicion(text, depth)
        if depth == 0:
            if len(_SUSPICION) > 1024:
                _SUSPICION.clear()
            _SUSPICION[text] = hit
    return hit


def _suspicion(text: str, depth: int) -> tuple[str | None, bool]:
    import ast

    if len(text) > _PARSE_AT_MOST:
        return _suspicion_of_words(text), False
    try:
        # filename "": for a SyntaxError CPython fopen()s the filename to quote the line,
        # and no file can be named "" (ast.parse's "<unknown>" is looked up in the cwd)
        tree = ast.parse(text.strip(), "")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return _suspicion_of_words(text), False
    names: set[str] = set()
    literals: list[str] = []
    executes: list[ast.Call] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.alias):
            names.update(node.name.split("."))
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.update(node.module.split("."))
        elif isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
            value = node.value if isinstance(node.value, str) else node.value.decode("latin-1")
            literals.append(value)
            if value in ("rot13", "rot_13", "base64", "hex", "zlib", "bz2"):
                names.add(value)
        if isinstance(node, ast.Call) and _call_name(node) in _EXEC:
            executes.append(node)
    decodes = bool(names & _DECODE or names & _DECODE_MODULES)
    blob = any(len(s) >= _BLOB and _encoded(s) for s in literals)
    if executes and (decodes or blob):
        return "it executes decoded data (" + ", ".join(sorted(
            (names & (_DECODE | _DECODE_MODULES)) or {"an encoded blob"})) + ")", False
    if names & _SPAWN:
        return f"it starts processes ({', '.join(sorted(names & _SPAWN))})", False
    if names & _NET:
        return f"it opens network connections ({', '.join(sorted(names & _NET))})", False
    if blob:
        return "it holds a long encoded blob", False
    hidden = False
    for call in executes:
        for arg in call.args[:1]:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                hidden = True
                if depth < 3:
                    inner, _ = suspicion(arg.value, depth + 1)
                    if inner is not None:
                        return inner + ", in code hidden in a string", True
            elif not isinstance(arg, ast.Constant):
                return "it executes code it computes at run time", False
    return None, hidden


def _call_name(node: ast.Call) -> str | None:
    import ast

    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _encoded(s: str) -> bool:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-\n\r"
    return all(c in alphabet for c in s)


def _suspicion_of_words(text: str) -> str | None:
    """For a line that does not parse: the same questions, asked of its words."""
    words = set(_re(r"\w+").findall(text))
    if words & _EXEC and words & (_DECODE | _DECODE_MODULES):
        return "it executes decoded data"
    if _re("[A-Za-z0-9+/=]{" + str(_BLOB) + ",}").search(text):
        return "it holds a long encoded blob"
    if words & _SPAWN:
        return "it starts processes"
    if words & _NET:
        return "it opens network connections"
    return None
