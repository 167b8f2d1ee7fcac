"""SPEC's rules: one verdict per changed botocore function, with the signal that decided it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from botoport.mirror.paths import aio_path_of, defining_file
from botoport.port.coverage import Coverage
from botoport.port.funcdiff import ChangeKind, FunctionChange
from botoport.port.methods import ClassifyOptions, MethodIndex
from botoport.port.registries import KNOWN_HANDOFFS, AioClass, Registries
from botoport.port.transition import GENERIC_NAMES
from botoport.syntax.callsites import parameter_type
from botoport.syntax.functions import Call, FunctionInfo, LineFacts, ModuleTable
from botoport.syntax.receivers import named_after

DEFAULT_OPTIONS = ClassifyOptions()


class Verdict(str, Enum):
    """Per-function verdicts; ``port-required`` is what the skill's summary calls needs-async."""

    PURE_SYNC = "pure-sync"
    PORT_REQUIRED = "port-required"
    AMBIGUOUS = "ambiguous"


class Signal(str, Enum):
    """What decided a verdict."""

    COSMETIC = "cosmetic"
    NO_SIGNAL = "no-signal"
    UNREFERENCED_DELETION = "unreferenced-deletion"
    REFERENCED_DELETION = "referenced-deletion"
    REFERENCED_RENAME = "referenced-rename"
    REGISTERED_OVERRIDE = "registered-override"
    NETWORK_IO = "network-io"
    SELF_ASYNC = "self-async-call"
    MODULE_ASYNC = "module-async-call"
    AIO_CLASS = "aio-class"
    NEW_CLASS = "new-class"
    NEW_TABLE_ENTRY = "new-table-entry"
    RESOLVED_RECEIVER = "resolved-receiver"
    ASYNC_CONTEXT = "async-context-call"
    PROPAGATED = "propagated"
    UNKNOWN_RECEIVER = "unknown-receiver"
    CONTEXT_PROPAGATION = "context-propagation"
    CALLBACK_BINDING = "callback-binding"
    LIFECYCLE = "async-lifecycle"
    PARALLEL = "parallel-implementation"


# Signals after which the function itself has to become async in aiobotocore.
ASYNC_SIGNALS = frozenset(
    {
        Signal.NETWORK_IO,
        Signal.SELF_ASYNC,
        Signal.MODULE_ASYNC,
        Signal.RESOLVED_RECEIVER,
        Signal.PROPAGATED,
    }
)

# Findings about a class or a table rather than a function: ported by an Aio twin or an entry.
CLASS_LEVEL_SIGNALS = frozenset({Signal.NEW_CLASS, Signal.NEW_TABLE_ENTRY})

_NETWORK_ROOTS = (
    "requests.",
    "urllib.request.",
    "urllib.urlopen",
    "urllib2.",
    "urllib3.",
    "http.client.",
    "httplib.",
    "socket.",
)
# Calls under those roots that never talk to a remote end.
_NOT_NETWORK = (
    "urllib3.util.",
    "urllib3.exceptions.",
    "urllib3.fields.",
    "urllib3.filepost.",
    "urllib3._collections.",
    "requests.structures.",
    "requests.utils.",
    "requests.exceptions.",
    "socket.inet_",
    "socket.hton",
    "socket.ntoh",
    "socket.gethostname",
    "socket.timeout",
    "socket.error",
    "socket.gaierror",
    "socket.herror",
    "http.client.responses",
    "http.client.HTTPException",
)
# What sends or receives (SPEC, "Network I/O means I/O"): the last part of a call under a
# network root. Constructors (urllib3.Timeout(...), urllib3.Retry(...)) build values.
_IO_VERBS = frozenset(
    {
        "request", "urlopen", "send", "sendall", "sendto", "sendmsg", "sendfile", "recv",
        "recv_into", "recvfrom", "recvfrom_into", "recvmsg", "getresponse", "connect",
        "connect_ex", "create_connection", "getaddrinfo", "get", "post", "put", "patch",
        "delete", "head", "options",
    }
)  # fmt: skip
CONTEXT_NAMES = frozenset({"with_current_context", "start_as_current_context", "copy_context"})
LIFECYCLE_NAMES = frozenset(
    {"__enter__", "__exit__", "__aenter__", "__aexit__", "close", "__del__"}
)
_KNOWN_RECEIVERS = ("self", "cls", "super()")


@dataclass
class Override:
    """Where aiobotocore overrides a botocore function."""

    path: str
    line: int
    qualname: str
    function: FunctionInfo | None = field(default=None, repr=False)
    table: ModuleTable | None = field(default=None, repr=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.qualname}"


@dataclass
class FunctionVerdict:
    """The verdict on one changed botocore function. The port details (``override``, ``diff``,
    ``coverage``, ``introduced_in``) are filled in once every verdict is known."""

    path: str
    mirror: str
    change: FunctionChange
    verdict: Verdict
    signal: Signal
    reason: str
    table: ModuleTable = field(repr=False)
    override: Override | None = None
    async_reason: str | None = None  # a registered override's added lines that need async
    diff: str = ""
    coverage: Coverage | None = None
    introduced_in: str | None = None
    # Calls the port enters as async contexts rather than awaits (``session.create_client``).
    async_contexts: frozenset[str] = frozenset()

    @property
    def qualname(self) -> str:
        """The function's qualified name at TO (at FROM for a removal)."""
        return self.change.qualname

    @property
    def must_be_async(self) -> bool:
        """True when aiobotocore's version of this function has to become async: its signal
        says so, or (a registered override) the lines the bump adds carry an async signal."""
        if self.verdict is not Verdict.PORT_REQUIRED:
            return False
        return self.signal in ASYNC_SIGNALS or self.async_reason is not None


@dataclass
class _Finding:
    verdict: Verdict
    signal: Signal
    reason: str
    contexts: tuple[str, ...] = ()  # the calls an ASYNC_CONTEXT finding is about


def classify_change(
    path: str,
    change: FunctionChange,
    table: ModuleTable,
    registries: Registries,
    added_classes: frozenset[str] = frozenset(),
    options: ClassifyOptions = DEFAULT_OPTIONS,
) -> FunctionVerdict:
    """Apply SPEC's rules, in SPEC's order, to one function change of botocore file ``path``.

    ``table`` is the module the function stands in (TO's, FROM's for a removal);
    ``added_classes`` the classes that module gained in the bump; ``options`` what the run
    knows besides (botocore's method index at TO, the declared parallel classes).
    """
    finding = _decide(path, change, table, registries, added_classes, options)
    verdict = FunctionVerdict(
        path, aio_path_of(path), change, finding.verdict, finding.signal, finding.reason, table
    )
    verdict.async_contexts = frozenset(finding.contexts)
    if finding.signal is Signal.REGISTERED_OVERRIDE:
        # The override must also become async when what the bump adds is async work (an
        # ``emit`` added to ``get_client_args`` makes aiobotocore's override async).
        # Only the function's own lines: async work inside a nested function (the wrapper a
        # decorator factory returns) makes that function async, not this one.
        own = own_scope(change.current, change.introduced)
        need = _contamination(path, change.current, own, table, registries)
        if need is None:
            need = _by_name_in(own, change.current, table, registries, options.methods)
        if need is not None and need.signal in ASYNC_SIGNALS:
            verdict.async_reason = need.reason
    return verdict


def own_scope(fn: FunctionInfo, lines: tuple[LineFacts, ...]) -> tuple[LineFacts, ...]:
    """Those of ``lines`` (lines of ``fn``'s canonical form) that run in ``fn``'s own scope,
    not in a function or class nested in it."""
    nested: set[int] = set()
    opened: int | None = None  # indentation of the nested definition being skipped
    seen_def = False
    for line in fn.canonical:
        text = line.text.lstrip()
        indent = len(line.text) - len(text)
        if opened is not None and indent <= opened and not text.startswith("@"):
            opened = None
        if opened is not None and indent > opened:
            nested.add(id(line))
            continue
        if text.startswith(("def ", "async def ", "class ")):
            if seen_def:
                opened = indent
            seen_def = True
    return tuple(line for line in lines if id(line) not in nested)


def _by_name_in(
    lines: tuple[LineFacts, ...],
    fn: FunctionInfo,
    table: ModuleTable,
    reg: Registries,
    methods: MethodIndex,
) -> _Finding | None:
    """The first call on an untyped receiver that the botocore classes defining its method
    decide as async (see ``_by_name``)."""
    for line in lines:
        for call in line.calls:
            if call.receiver is None or call.dotted is not None:
                continue
            if call.name not in reg.async_methods:  # no class could make it async
                continue
            if call.receiver in _KNOWN_RECEIVERS or receiver_class(call, fn, table) is not None:
                continue
            found = _by_name(call, reg, methods)
            if found is not None and found.verdict is Verdict.PORT_REQUIRED:
                return found
    return None


def _decide(
    path: str,
    change: FunctionChange,
    table: ModuleTable,
    reg: Registries,
    added_classes: frozenset[str],
    options: ClassifyOptions,
) -> _Finding:
    fn = change.current
    if change.kind is ChangeKind.REMOVED:
        return _removed(path, fn, table, reg)
    if change.kind is ChangeKind.RENAMED and change.old is not None:
        where = _reference(path, change.old, table, reg)
        if where:
            return _Finding(
                Verdict.PORT_REQUIRED,
                Signal.REFERENCED_RENAME,
                f"renamed {change.old_name} -> {fn.qualname}; aiobotocore references "
                f"{change.old.name} at {where}",
            )
    if change.cosmetic:
        return _Finding(
            Verdict.PURE_SYNC,
            Signal.COSMETIC,
            "cosmetic: only docstrings, comments, formatting or annotations changed",
        )
    parallel = _parallel(fn, options.parallel)
    if parallel is not None:
        return parallel
    entry = reg.override_entry(path, fn.qualname)
    if entry is not None:
        return _Finding(
            Verdict.PORT_REQUIRED,
            Signal.REGISTERED_OVERRIDE,
            f"registered override `{entry.raw}` (tests/test_patches.py) changed substantively",
        )
    return (
        _new_subclass(fn, table, reg, added_classes)
        or _contamination(path, fn, change.introduced, table, reg)
        or _review(path, fn, change.introduced, table, reg, options.methods)
        or _reimplemented(fn, reg)
        or _Finding(Verdict.PURE_SYNC, Signal.NO_SIGNAL, _no_signal_reason(change))
    )


def _parallel(fn: FunctionInfo, declared: Mapping[str, tuple[str, ...]]) -> _Finding | None:
    """A substantive change of a class aiobotocore re-implements in parallel (declared in
    ``[tool.botoport] parallel``) is a note: never port-required, never moving LOWER."""
    cls = (fn.class_qualname or "").split(".", 1)[0]
    implementations = declared.get(cls)
    if not implementations:
        return None
    return _Finding(
        Verdict.PURE_SYNC,
        Signal.PARALLEL,
        f"parallel implementation changed: consider porting to {', '.join(implementations)}",
    )


def _reimplemented(fn: FunctionInfo, reg: Registries) -> _Finding | None:
    """A change with no async signal to a class whose Aio twin re-implements it without
    deriving from it: found by structure, the same note as a declared parallel class (the
    twin inherits none of it; never port-required, never moving LOWER)."""
    cls = (fn.class_qualname or "").split(".", 1)[0]
    twins = reg.reimplementations(cls) if cls else []
    if not twins:
        return None
    names = ", ".join(twin.name for twin in twins)
    return _Finding(
        Verdict.PURE_SYNC,
        Signal.PARALLEL,
        f"parallel implementation changed: {names} re-implements {cls} without deriving from "
        f"it; consider porting to {names}",
    )


def _no_signal_reason(change: FunctionChange) -> str:
    what = "new body" if change.kind is ChangeKind.ADDED else "lines the bump adds"
    return (
        f"no async signal in the {what}: not a registered override, no network I/O, "
        "no async-registry call, no Aio class"
    )


def _removed(path: str, fn: FunctionInfo, table: ModuleTable, reg: Registries) -> _Finding:
    where = _reference(path, fn, table, reg)
    if where:
        return _Finding(
            Verdict.PORT_REQUIRED,
            Signal.REFERENCED_DELETION,
            f"botocore deletion; aiobotocore references {fn.name} at {where}",
        )
    return _Finding(
        Verdict.PURE_SYNC,
        Signal.UNREFERENCED_DELETION,
        "botocore deletion; aiobotocore does not reference",
    )


def _reference(path: str, fn: FunctionInfo, table: ModuleTable, reg: Registries) -> str | None:
    """Where aiobotocore names ``fn``: anywhere for a module function; for a method, in an Aio
    subclass's definition, in the mirror module, or as a test_patches entry."""
    entry = reg.override_entry(path, fn.qualname)
    if entry is not None:
        return f"tests/test_patches.py:{entry.line}"
    if fn.class_qualname is None:
        found = reg.references(fn.name)
    else:
        for aio in aio_candidates(path, fn.class_qualname, table, reg):
            if fn.name in aio.methods:
                return f"{aio.path}:{aio.methods[fn.name]}"
        found = reg.references(fn.name, [aio_path_of(path)])
    return f"{found[0]}:{found[1]}" if found else None


def aio_candidates(
    path: str, class_qualname: str, table: ModuleTable, reg: Registries
) -> list[AioClass]:
    """Aio classes that stand for botocore class ``class_qualname`` (or a subclass of it in
    the same module) at run time, preferring those in the mirror module."""
    base = class_qualname.rsplit(".", 1)[-1]
    names = {base} | {q.rsplit(".", 1)[-1] for q in table.subclasses_of(base)}
    found = [aio for name in sorted(names) for aio in reg.aio_twins(name)]
    local = [aio for aio in found if aio.path == aio_path_of(path)]
    return local or found


def _new_subclass(
    fn: FunctionInfo, table: ModuleTable, reg: Registries, added_classes: frozenset[str]
) -> _Finding | None:
    """A class the bump adds, deriving from one with an Aio twin, is one finding (SPEC, "A new
    class is one finding"): carried by its first method; its other methods are judged on
    their own."""
    if fn.class_qualname not in added_classes or not _carries_class(fn, table):
        return None
    for base in table.classes[fn.class_qualname].bases:
        aios = reg.aio_subclasses(base.rsplit(".", 1)[-1])
        if aios:
            return _Finding(
                Verdict.PORT_REQUIRED,
                Signal.NEW_CLASS,
                f"new class `{fn.class_qualname}` subclasses `{base}`, which aiobotocore routes "
                f"through {aios[0].name}: it needs an Aio twin of its own",
            )
    return None


def _carries_class(fn: FunctionInfo, table: ModuleTable) -> bool:
    """True for the first method of ``fn``'s class in the module."""
    methods = [f for f in table.functions.values() if f.class_qualname == fn.class_qualname]
    return min(methods, key=lambda f: f.def_line).qualname == fn.qualname


def _contamination(
    path: str,
    fn: FunctionInfo,
    lines: tuple[LineFacts, ...],
    table: ModuleTable,
    reg: Registries,
) -> _Finding | None:
    for line in lines:
        for call in line.calls:
            finding = (
                _network(call)
                or _self_async(path, fn, call, table, reg)
                or _module_async(path, call, line.text, table, reg)
                or _aio_instantiation(call, table, reg)
                or _resolved_receiver(fn, call, table, reg)
            )
            if finding:
                return finding
    return None


def _network(call: Call) -> _Finding | None:
    dotted = (call.dotted or "").removeprefix("botocore.vendored.")
    if not dotted.startswith(_NETWORK_ROOTS) or dotted.startswith(_NOT_NETWORK):
        return None
    if dotted.rsplit(".", 1)[-1] not in _IO_VERBS:
        return None  # building a value (a timeout, a retry policy, a pool) is not I/O
    return _Finding(
        Verdict.PORT_REQUIRED, Signal.NETWORK_IO, f"new network I/O call `{dotted}(...)`"
    )


def receiver_class(call: Call, fn: FunctionInfo, table: ModuleTable) -> str | None:
    """The class the code says ``call``'s receiver is: ``self.attr`` from what the class's
    methods construct into it, a local or parameter from its assignment, default or
    annotation; None when the code does not say."""
    receiver = call.receiver
    if receiver is None or call.dotted is not None or receiver in _KNOWN_RECEIVERS:
        return None
    if receiver.startswith("self.") and fn.class_qualname is not None:
        cls = table.classes.get(fn.class_qualname)
        return cls.attributes.get(receiver[5:]) if cls is not None else None
    if receiver.isidentifier():
        return fn.local_types.get(receiver) or _passed_in(fn, receiver, table)
    return None


def _passed_in(fn: FunctionInfo, name: str, table: ModuleTable) -> str | None:
    """The class the module's calls of ``fn`` pass for its parameter ``name``, if it is one."""
    return parameter_type(fn, name, table)


def _resolved_receiver(
    fn: FunctionInfo, call: Call, table: ModuleTable, reg: Registries
) -> _Finding | None:
    if call.name not in reg.async_methods:
        return None  # no Aio class has it async: typing the receiver cannot change that
    kind = receiver_class(call, fn, table)
    if kind is None:
        return None
    aio = _async_in(reg.aio_subclasses(kind.rsplit(".", 1)[-1]), call.name, reg)
    if aio is None:
        return None
    if reg.context_method(aio, call.name):
        return _context_call(call, aio, reg)
    return _Finding(
        Verdict.PORT_REQUIRED,
        Signal.RESOLVED_RECEIVER,
        f"new call `{call.receiver}.{call.name}(...)`: `{call.receiver}` is a {kind}, "
        f"whose {aio.name} ({aio.path}) defines `{call.name}` as async",
    )


def _context_call(call: Call, aio: AioClass, reg: Registries) -> _Finding:
    """A call of a method that hands back an async context manager: port-required (the
    caller enters it, or hands it on), but nothing is awaited and the caller stays sync."""
    return _Finding(
        Verdict.PORT_REQUIRED,
        Signal.ASYNC_CONTEXT,
        f"new call `{call.receiver}.{call.name}(...)`: {aio.name}.{call.name} ({aio.path}) hands "
        f"back {reg.context_method(aio, call.name)}, an async context manager: the caller "
        "enters it with `async with` (or hands it on), without awaiting it",
        (call.name,),
    )


def _async_in(aios: list[AioClass], method: str, reg: Registries) -> AioClass | None:
    """The first of ``aios`` that defines (or inherits) ``method`` as async."""
    return next((aio for aio in aios if method in reg.async_methods_of(aio)), None)


def _self_async(
    path: str, fn: FunctionInfo, call: Call, table: ModuleTable, reg: Registries
) -> _Finding | None:
    if call.receiver not in ("self", "cls"):
        return None
    attached_to = table.attached.get(fn.name) if fn.class_qualname is None else None
    if fn.class_qualname is not None:
        aios = aio_candidates(path, fn.class_qualname, table, reg)
    elif attached_to is not None:
        aios = reg.aio_twins(attached_to)
    else:
        return None
    aio = _async_in(aios, call.name, reg)
    if aio is None:
        return None
    on = f"`{fn.name}` is attached to {attached_to}; " if attached_to else ""
    return _Finding(
        Verdict.PORT_REQUIRED,
        Signal.SELF_ASYNC,
        f"new call `{call.receiver}.{call.name}(...)`: {on}{aio.name} "
        f"({aio.path}) defines `{call.name}` as async",
    )


def _module_async(
    path: str, call: Call, text: str, table: ModuleTable, reg: Registries
) -> _Finding | None:
    module = _callee_module(path, call, table)
    if module is None or call.name not in reg.async_module_functions(module):
        return None
    used_in_place = text.lstrip().startswith(("with ", "for "))
    if call.name in reg.async_generators and not used_in_place:
        # Handed on, an async context manager or generator needs no await and no async caller.
        return _Finding(
            Verdict.PORT_REQUIRED,
            Signal.ASYNC_CONTEXT,
            f"new call `{call.name}(...)`: aiobotocore's version in {module} is an async "
            "context manager or generator; the caller must use it, without awaiting it",
        )
    return _Finding(
        Verdict.PORT_REQUIRED,
        Signal.MODULE_ASYNC,
        f"new call `{call.name}(...)`: aiobotocore overrides it as async in {module}",
    )


def _callee_module(path: str, call: Call, table: ModuleTable) -> str | None:
    """The aiobotocore module that would hold an override of a module-level callee."""
    if call.dotted and call.dotted.startswith("botocore."):
        return aio_path_of(defining_file(call.dotted))
    if call.receiver is None and call.name not in table.classes:
        return aio_path_of(path)
    return None


def _aio_instantiation(call: Call, table: ModuleTable, reg: Registries) -> _Finding | None:
    if call.receiver is not None and not (call.dotted or "").startswith("botocore."):
        return None
    aios = reg.aio_subclasses(call.name)
    if not aios or not call.name[:1].isupper():
        return None
    names = ", ".join(sorted({a.name for a in aios}))
    return _Finding(
        Verdict.PORT_REQUIRED,
        Signal.AIO_CLASS,
        f"new instantiation `{call.name}(...)`: aiobotocore routes it through {names}",
    )


def _review(
    path: str,
    fn: FunctionInfo,
    lines: tuple[LineFacts, ...],
    table: ModuleTable,
    reg: Registries,
    methods: MethodIndex,
) -> _Finding | None:
    for line in lines:
        finding = (
            _context(line)
            or _unknown_receiver(line, fn, table, reg, methods)
            or _callback(path, line, reg)
        )
        if finding:
            return finding
    if lines and fn.name in LIFECYCLE_NAMES and fn.class_qualname:
        aios = aio_candidates(path, fn.class_qualname, table, reg)
        if aios:
            return _Finding(
                Verdict.AMBIGUOUS,
                Signal.LIFECYCLE,
                f"async lifecycle: `{fn.name}` changed and {aios[0].name} "
                "manages the lifecycle asynchronously; review by hand",
            )
    return None


def _context(line: LineFacts) -> _Finding | None:
    for item in (*line.calls, *line.references):
        if item.name in CONTEXT_NAMES:
            return _Finding(
                Verdict.AMBIGUOUS,
                Signal.CONTEXT_PROPAGATION,
                f"context propagation through `{item.name}`; review by hand",
            )
    return None


def _unknown_receiver(
    line: LineFacts, fn: FunctionInfo, table: ModuleTable, reg: Registries, methods: MethodIndex
) -> _Finding | None:
    for call in line.calls:
        if (
            call.receiver is not None
            and call.dotted is None
            and call.receiver not in _KNOWN_RECEIVERS
            and call.receiver[:1].isidentifier()
            and call.name in reg.async_methods
            and receiver_class(call, fn, table) is None  # a known class was decided above
        ):
            by_name = _by_name(call, reg, methods)
            if by_name is _NOT_ASYNC:
                continue
            if by_name is not None:
                return by_name
            return _Finding(
                Verdict.AMBIGUOUS,
                Signal.UNKNOWN_RECEIVER,
                f"new call `{call.receiver}.{call.name}(...)`: `{call.name}` is in "
                f"async_methods and receiver `{call.receiver}` is unknown",
            )
    return None


_NOT_ASYNC = _Finding(Verdict.PURE_SYNC, Signal.NO_SIGNAL, "")


def _by_name(call: Call, reg: Registries, methods: MethodIndex) -> _Finding | None:
    """An untyped receiver, decided by the botocore classes at TO that define the method: all
    of them with an Aio twin where it is async → the call must be awaited (all handing back an
    async context → it is entered, ``ASYNC_CONTEXT``); none → no signal (``_NOT_ASYNC``); a
    mix → the one class the receiver is named after, if any; else, or for a name too generic
    to go by, None (the caller hedges). ``emit`` hands off to async work in aiobotocore
    whatever emitter receives it."""
    if call.name in KNOWN_HANDOFFS:
        return _Finding(
            Verdict.PORT_REQUIRED,
            Signal.RESOLVED_RECEIVER,
            f"new call `{call.receiver}.{call.name}(...)`: aiobotocore's event emitters hand "
            f"`{call.name}` off to async handlers, so it must be awaited",
        )
    if call.name in GENERIC_NAMES:
        return None
    owners = methods.owners(call.name)
    if not owners:
        return None
    names = sorted({cls.rsplit(".", 1)[-1] for cls, _ in owners})
    twins = {name: _async_in(reg.aio_twins(name), call.name, reg) for name in names}
    asynchronous = [name for name in names if twins[name] is not None]
    if not asynchronous:
        return _NOT_ASYNC
    shown = ", ".join(f"{name}.{call.name}" for name in names)
    contexts = {n: aio for n, aio in twins.items() if aio and reg.context_method(aio, call.name)}
    if len(contexts) == len(names):
        return _context_call(call, next(iter(contexts.values())), reg)
    if len(asynchronous) == len(names) and not contexts:
        return _Finding(
            Verdict.PORT_REQUIRED,
            Signal.RESOLVED_RECEIVER,
            f"new call `{call.receiver}.{call.name}(...)`: every botocore class defining "
            f"`{call.name}` ({shown}) has an Aio twin where it is async",
        )
    assert call.receiver is not None  # only calls on a receiver are decided by name
    named = named_after(call.receiver, names)
    if named is None:
        kinds = f"only {', '.join(asynchronous)} have it async in aiobotocore"
        if contexts:
            kinds = f"{', '.join(contexts)} hand back an async context, the others do not"
        return _Finding(
            Verdict.AMBIGUOUS,
            Signal.UNKNOWN_RECEIVER,
            f"new call `{call.receiver}.{call.name}(...)` on an untyped receiver: of the botocore "
            f"classes defining it ({shown}) {kinds}",
        )
    if named not in asynchronous:
        return _NOT_ASYNC
    if named in contexts:
        return _context_call(call, contexts[named], reg)
    return _Finding(
        Verdict.PORT_REQUIRED,
        Signal.RESOLVED_RECEIVER,
        f"new call `{call.receiver}.{call.name}(...)`: `{call.receiver}` is named after "
        f"{named}, one of the botocore classes defining `{call.name}` ({shown}), whose Aio "
        "twin has it async",
    )


def _callback(path: str, line: LineFacts, reg: Registries) -> _Finding | None:
    module_async = reg.async_module_functions(aio_path_of(path))
    for ref in line.references:
        bound_method = ref.receiver is not None and ref.name in reg.async_methods
        bound_function = ref.receiver is None and ref.name in module_async
        if bound_method or bound_function:
            shown = f"{ref.receiver}.{ref.name}" if ref.receiver else ref.name
            return _Finding(
                Verdict.AMBIGUOUS,
                Signal.CALLBACK_BINDING,
                f"callback bound without a call: `{shown}` is async in aiobotocore; review by hand",
            )
    return None


def propagate(verdicts: list[FunctionVerdict]) -> None:
    """SPEC step 4: a function gaining a call to one that must become async must await it; one
    gaining a call to a function aiobotocore makes an async context manager must hand it on or
    enter it (port-required, nothing awaited)."""
    changed = True
    while changed:
        changed = False
        must = [v for v in verdicts if v.must_be_async]
        contexts = [
            v
            for v in verdicts
            if v.verdict is Verdict.PORT_REQUIRED and v.signal is Signal.ASYNC_CONTEXT
        ]
        for v in verdicts:
            if v.verdict is Verdict.PORT_REQUIRED or v.change.kind is ChangeKind.REMOVED:
                continue
            callee = _calls_any(v, must)
            if callee is not None:
                v.verdict, v.signal = Verdict.PORT_REQUIRED, Signal.PROPAGATED
                v.reason = (
                    f"new call to `{callee.qualname}` ({callee.path}), which must become "
                    "async: the caller has to await it"
                )
                changed = True
            elif (context := _calls_any(v, contexts)) is not None:
                v.verdict, v.signal = Verdict.PORT_REQUIRED, Signal.ASYNC_CONTEXT
                v.async_contexts = frozenset({context.change.current.name})
                v.reason = (
                    f"new call to `{context.qualname}` ({context.path}), which aiobotocore "
                    "makes an async context manager: the caller hands it on or enters it with "
                    "`async with`, without awaiting it"
                )
                changed = True


def _calls_any(caller: FunctionVerdict, callees: list[FunctionVerdict]) -> FunctionVerdict | None:
    fn = caller.change.current
    for line in caller.change.introduced:
        for call in line.calls:
            for callee in callees:
                target = callee.change.current
                same_class = (
                    call.receiver in ("self", "cls")
                    and target.class_qualname == fn.class_qualname
                    and callee.path == caller.path
                )
                module_call = call.receiver is None and target.class_qualname is None
                if call.name == target.name and (same_class or module_call):
                    return callee
    return None
