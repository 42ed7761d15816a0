"""One registry for every checker: built-ins, entry-point plugins and manifests.

Built-ins are registered through the same `Registry.add` path as third-party checkers.
A plugin that fails to import, offers bad metadata or declares ``sends_message=True`` is
recorded in `Registry.broken` with its error and skipped: it never breaks a check.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from numcheck._errors import ConfigError, ManifestError, NumcheckError, PluginError, SafetyError, with_message
from numcheck._plugin_scan import view_of
from numcheck.checker import ENTRY_POINT_GROUP, Checker, CheckerMeta
from numcheck.config import Settings
from numcheck.messages import english, say
from numcheck.policy import key_namespace, key_problem

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint


class Registered(NamedTuple):
    """A checker and where it came from (``builtin``, ``entry-point NAME (DIST VERSION)``, ``manifest PATH``)."""

    checker: Checker
    source: str


class Broken(NamedTuple):
    """A plugin or manifest that could not be used, and why."""

    name: str
    source: str
    error: str


@dataclass
class Registry:
    """Checkers by id, plus the plugins that failed to load."""

    entries: dict[str, Registered] = field(default_factory=dict)
    broken: list[Broken] = field(default_factory=list)
    disabled: list[Registered] = field(default_factory=list)

    def add(self, checker: object, source: str) -> Checker:
        """Register one checker; raises `PluginError` (or `SafetyError`) when it is unfit."""
        meta = getattr(checker, "meta", None)
        if not isinstance(meta, CheckerMeta):
            raise PluginError(f"{source}: checker has no CheckerMeta 'meta' attribute")
        if not callable(getattr(checker, "check", None)):
            raise PluginError(f"{source}: checker {meta.id!r} has no check() method")
        if meta.sends_message:
            raise SafetyError(f"{source}: checker {meta.id!r} declares sends_message=True; numcheck never sends messages")
        if meta.id in self.entries:
            raise PluginError(f"{source}: checker id {meta.id!r} is already provided by {self.entries[meta.id].source}")
        clash = self._key_clash(meta)
        if clash:
            raise PluginError(f"{source}: {clash}")
        assert isinstance(checker, Checker)
        self.entries[meta.id] = Registered(checker, source)
        return checker

    def _key_clash(self, meta: CheckerMeta) -> str | None:
        """Why ``meta``'s keys are not its own alone, or None.

        Validation already held when the meta was built; it runs again here because ``model_copy``
        skips it. Namespaces nest (``twilio`` is a prefix of ``twilio-lookup``), so a key that also
        lies in another registered checker's namespace, or another checker's key that lies in this
        one's, refuses the newcomer: the checker registered first (built-ins and shipped manifests
        load before any plugin) keeps its keys.
        """
        for name in meta.needs_key:
            problem = key_problem(meta.id, name)
            if problem:
                return problem
        mine = key_namespace(meta.id)
        for entry in self.entries.values():
            other = entry.checker.meta
            theirs = key_namespace(other.id)
            for name in meta.needs_key:
                if name.startswith(theirs) and len(theirs) > len(mine):
                    return f"key {name} of {meta.id!r} lies in the namespace of checker {other.id!r} ({entry.source})"
            for name in other.needs_key:
                if name.startswith(mine) and len(mine) > len(theirs):
                    return f"checker {other.id!r} ({entry.source}) already reads {name}, which lies in the namespace of {meta.id!r}"
        return None

    def add_or_record(self, checker: object, source: str, name: str) -> None:
        """Register, or record the failure in `broken`."""
        try:
            self.add(checker, source)
        except PluginError as error:
            self.broken.append(Broken(name, source, str(error)))

    def __iter__(self) -> Iterator[Checker]:
        return (entry.checker for entry in self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, checker_id: str) -> Checker:
        """The checker with this id; raises KeyError."""
        return self.entries[checker_id].checker

    def select(self, only: Iterable[str] = (), exclude: Iterable[str] = ()) -> list[Checker]:
        """Checkers whose id (or kind) is in ``only`` (all when empty) and not in ``exclude``."""
        wanted, unwanted = set(only), set(exclude)
        broken = {item.name: item for item in self.broken}
        asked_broken = sorted(wanted & set(broken) - set(self.entries))
        if asked_broken:
            item = broken[asked_broken[0]]
            raise PluginError(f"checker {item.name} could not be loaded ({item.source}): {item.error}")
        # Excluding a checker that could not load asks for what already holds.
        unwanted -= set(broken) - set(self.entries)
        unknown = (wanted | unwanted) - set(self.entries) - {entry.checker.meta.kind.value for entry in self.entries.values()}
        if unknown:
            said = say("registry.no_such_checker", names=sorted(unknown), command="numcheck checkers")
            raise with_message(PluginError(english(said)), said.id, dict(said.params))

        def matches(checker: Checker, names: set[str]) -> bool:
            return checker.meta.id in names or checker.meta.kind.value in names

        return [checker for checker in self if (not wanted or matches(checker, wanted)) and not matches(checker, unwanted)]


def _instances(loaded: object) -> list[object]:
    """An entry point may name a checker, a checker class, or a factory returning checkers."""
    if isinstance(loaded, type):
        return [loaded()]
    if isinstance(getattr(loaded, "meta", None), CheckerMeta):
        return [loaded]
    if callable(loaded):
        produced = loaded()
        return list(produced) if isinstance(produced, Iterable) else [produced]
    return [loaded]


def load_entry_points(registry: Registry, names: tuple[str, ...] | None, points: "Iterable[EntryPoint] | None" = None) -> None:
    """Load the ``numcheck.checkers`` entry points (only ``names`` when given) into ``registry``.

    Raises `ConfigError` when ``names`` asks for a plugin that is not installed: a typo in
    NUMCHECK_PLUGINS must not silently run a check without the plugin the user meant.
    """
    if names == () and points is None:
        return  # no plugin wanted: the installed packages' metadata need not even be read
    if points is None:
        # Every plugin is wanted, and an earlier scan found none with nothing installed changed since: importlib.metadata
        # (and the e-mail parser it brings) would be a tenth of a one-number check's start-up to learn the same.
        view = view_of(ENTRY_POINT_GROUP) if names is None else None
        if view is not None and view.remembered():
            return
        from importlib.metadata import entry_points

        points = entry_points(group=ENTRY_POINT_GROUP)
        if not points and view is not None:
            view.remember_none_found()
    points = list(points)
    if names is not None:
        missing = sorted(set(names) - {point.name for point in points})
        if missing:
            installed = ", ".join(sorted(point.name for point in points)) or "none"
            raise ConfigError(f"no installed plugin named {', '.join(missing)} (NUMCHECK_PLUGINS; installed: {installed})")
    for point in points:
        if names is not None and point.name not in names:
            continue
        dist = f"{point.dist.name} {point.dist.version}" if point.dist is not None else "unknown distribution"
        source = f"entry-point {point.name} ({dist})"
        try:
            loaded = point.load()
            instances = _instances(loaded)
        except Exception as error:  # a plugin's own failure must not break numcheck
            registry.broken.append(Broken(point.name, source, f"{type(error).__name__}: {error}"))
            continue
        for instance in instances:
            registry.add_or_record(instance, source, point.name)


BuiltinFactory = Callable[[Settings], Iterable[object]]


def _builtin_online_checkers(settings: Settings) -> Iterable[object]:
    from numcheck.providers.builtin import builtin_online_checkers  # an offline run never loads the providers

    return builtin_online_checkers(settings)


def _builtin_factories() -> list[BuiltinFactory]:
    from numcheck.offline_checkers import builtin_offline_checkers

    return [lambda settings: builtin_offline_checkers(), _builtin_online_checkers]


def default_registry(settings: Settings | None = None, *, online: bool = True) -> Registry:
    """A fresh registry with built-ins, installed entry points and manifests (as ``settings`` allow).

    ``online=False`` leaves out the built-in online checkers and the manifests (every manifest asks a
    service): an offline check has no use for them, and reading and validating them costs more than
    the check. Plugins are still loaded, since a plugin may bring offline checkers.
    """
    settings = settings or Settings.from_env()
    registry = Registry()
    for factory in _builtin_factories()[: None if online else 1]:
        for checker in factory(settings):
            registry.add_or_record(checker, "builtin", getattr(getattr(checker, "meta", None), "id", "?"))
    if online:
        load_manifests(registry, settings.all_manifest_dirs())
    load_entry_points(registry, settings.plugins)
    # Checkers the user switched off (numcheck doctor --sweep --disable writes the list): kept aside, never run.
    for checker_id in settings.disabled_checkers():
        entry = registry.entries.pop(checker_id, None)
        if entry is not None:
            registry.disabled.append(entry)
    return registry


def _manifest_problem(error: Exception, path: Path) -> str:
    """What is wrong with a manifest, without its path: the source it is listed under already names the file."""
    if isinstance(error, ManifestError) and error.path == str(path):
        # "<path>: <pointer>: <problem>"; a problem of the file as a whole has the pointer "/", which says nothing more.
        whole = error.pointer in ("", "/")
        return str(error).removeprefix(f"{error.path}: /: " if whole else f"{error.path}: ")
    # Other errors (the sending denylist's SafetyError) may start with the path too: said once is enough.
    return str(error).removeprefix(f"{path}: ")


def load_manifests(registry: Registry, directories: tuple[Path, ...]) -> None:
    """Load the shipped manifests, then those in ``directories``; a bad one is recorded in ``broken``."""
    from numcheck.providers.manifest import ManifestChecker, load_manifest, manifest_files, shipped_manifest_dir

    shipped = shipped_manifest_dir()
    for path in manifest_files(directories):
        try:
            checker = ManifestChecker(path.stem, load_manifest(path, shipped=path.parent == shipped))
        except (NumcheckError, ValueError) as error:
            registry.broken.append(Broken(path.stem, f"manifest {path}", _manifest_problem(error, path)))
            continue
        registry.add_or_record(checker, f"manifest {path}", path.stem)
