"""Issue 17: storage by aggregate, so that a query's home follows from its name.

Moves every function, class and constant of the old storage modules (queries.py, the *_store.py and
*_queries.py modules, operations.py, mapping.py, requests.py, ...) to the module of its aggregate
(storage/triads.py, storage/rounds.py, storage/focus.py, ...), fixes the moved code's imports, and
rewrites every import and use across the repository: `from storage.queries import x`, and
`from storage import queries` with `queries.x`, alike. Then `ruff check --fix --select I,F401` and
`ruff format` on the files it wrote.

Re-runnable on a moved main: a name the table does not list goes to its old module's default home
(`"*"`), and is printed, so check the printed list. A run on a tree already converted does nothing.

    cd <repo> && /work/venv/bin/python scripts/storage_by_aggregate.py [--dry-run]
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCAN = ["bot", "handlers", "storage", "tests", "benchmarks", "slack_double", "scripts"]

# old module -> {name: new module}; "*" is the home of every name not listed.
MOVES: dict[str, dict[str, str]] = {
    "queries": {
        "*": "triads",
        "name_key": "models",
        "_COORDINATORS": "coordinators",
        "stored_coordinator_ids": "coordinators",
        "delete_coordinator": "coordinators",
        "coordinator_ids": "coordinators",
        "round_by_name": "rounds",
        "round_by_id": "rounds",
        "latest_round": "rounds",
        "rounds": "rounds",
        "authority_by_name": "authorities",
        "authorities": "authorities",
        "_ALL_LINES": "focus",
        "_LIVE_LINES": "focus",
        "focus_lines": "focus",
        "focus_line": "focus",
        "agreed_lines": "focus",
        "_FIELDWORK_COUNTS": "focus",
        "fieldwork_counts": "focus",
        "_LINES_WITH_COUNTS": "focus",
        "lines_and_fieldwork_counts": "focus",
        "set_line_agreement": "focus",
    },
    "mapping": {
        "*": "dates",
        "date_row": "triads",
        "triad_date": "triads",
        "triad_dates": "triads",
        "steps_done": "triads",
        "triad_people": "triads",
        "round_date_row": "rounds",
        "round_date": "rounds",
        "round_events": "rounds",
        "authority_people": "authorities",
        "existing_reminder": "reminders",
        "to_interview": "fieldwork",
    },
    "requests": {"*": "unit_of_work"},
    "operations": {"*": "monitoring", "triad_channels": "triads"},
    "operator_queries": {"*": "reminders", "known_names": "workspaces"},
    "home_queries": {"*": "reminders", "round_zone_names": "rounds", "triad_counts": "triads"},
    "import_queries": {"*": "reminders", "triad_numbers_taken": "triads"},
    "export_queries": {"*": "rounds"},
    "action_store": {"*": "actions"},
    "fieldwork_store": {"*": "fieldwork"},
    "reminder_store": {"*": "reminders", "lock_round": "rounds"},
    "document_store": {"*": "documents"},
    "sharing_store": {"*": "sharing"},
    "suggestion_store": {"*": "suggestions", "rounds_before": "rounds"},
    "team_store": {"*": "visiting_teams", "lock_triad": "triads"},
    "theme_store": {"*": "themes", "earlier_rounds": "rounds"},
    "workspace_store": {"*": "workspaces"},
    "canvas_store": {"*": "canvases"},
}
# (old module, name) -> new name, where the old one would mislead in its new home.
RENAMES: dict[tuple[str, str], str] = {("mapping", "_of_kind"): "of_kind"}
# A new module starts with this docstring; a module that exists already (models, unit_of_work) keeps its own.
DOCS = {
    "dates": "Given dates (a triad's or a round's): the stored row to the domain's FuzzyDate and back.",
    "coordinators": "A workspace's coordinators: those PEER_COORDINATORS names and those added by "
    "`/peer coordinator add`.",
    "authorities": "A workspace's local authorities, with their DCS and team members.",
    "rounds": "A workspace's rounds: finding them, their dates, the rounds before one, and one round as plain data "
    "for `peerbot export round`.",
    "triads": "A workspace's triads, loaded with what a command shows, and what is read of them as plain values.",
    "focus": "A triad's lines of enquiry and their agreement.",
    "fieldwork": "The fieldwork visit's interviews. Every function stays inside one workspace.",
    "actions": "A triad's actions and their progress notes. Every function stays inside one workspace.",
    "reminders": "Reading and writing reminder rows: the operator's listing (with each reminder's round time zone), "
    "a triad's planned reminders (for re-planning), a person's and a round's reminders, custom reminders "
    "(`/peer remind`). Every query stays inside one workspace when given one.\n\n"
    "Claiming due reminders for the clock is reminder_claims.py.",
    "documents": "The documents that go with reminders: which sent reminders still need theirs, claimed once.",
    "sharing": "Findings, record files and shared items of one workspace's triads, and the archive documents "
    "searched (searching them is archive_search.py).",
    "suggestions": "The stored suggestions of triads.",
    "visiting_teams": "The reviewer pool and the proposed visiting teams; each query takes the workspace.",
    "themes": "The topic vocabulary of a workspace, the topics chosen for lines of enquiry, and the agreed lines "
    "the summit groups by them.",
    "workspaces": "The workspaces the app serves (Add to Slack): their status, holding / resuming their reminders, "
    "and the names the database knows for Slack ids (for the operator's tables; these need no token).",
    "canvases": "Which triads' canvases are behind the database, claimed by one clock at a time.",
    "monitoring": "What an operator looks at (peerbot doctor, GET /metrics): the clock's passes, reminders by "
    "status, the Slack errors recorded on reminders, reminders due and not sent.\n\n"
    "These read across workspaces on purpose: they describe the installation, not one workspace.",
}
# Every name of the old modules when the table was written: a name not here is new on main, and printed.
KNOWN = {
    "queries": (
        "name_key _COORDINATORS stored_coordinator_ids delete_coordinator coordinator_ids round_by_name "
        "round_by_id latest_round authority_by_name authorities _triad_query _MEMBERS _with_members _one "
        "_TEAM _TRIAD_BY_CHANNEL _TRIAD_BY_NUMBER _TRIAD_BY_ID triad_by_channel triad_by_number triads "
        "triads_for_user next_triad_number channel_name_in_use _ALL_LINES _LIVE_LINES focus_lines focus_line "
        "next_number agreed_lines _FIELDWORK_COUNTS fieldwork_counts _LINES_WITH_COUNTS "
        "lines_and_fieldwork_counts rounds FOLLOW_UP_ANSWERS record_follow_up_answer triad_by_id "
        "set_line_agreement"
    ).split(),
    "mapping": (
        "_Row fuzzy_date _of_kind write_given_date date_row triad_date triad_dates round_date_row round_date "
        "round_events steps_done authority_people triad_people existing_reminder to_interview"
    ).split(),
    "requests": "reply_to_seen remember".split(),
    "operations": (
        "record_clock_pass last_clock_pass reminders_by_status slack_errors_by_code error_code Overdue "
        "due_and_not_sent triad_channels"
    ).split(),
    "operator_queries": "REMINDER_STATUSES reminder_time_zones known_names".split(),
    "home_queries": "pending_reminders_for round_zone_names triad_counts".split(),
    "import_queries": "triad_numbers_taken reminder_counts".split(),
    "export_queries": "STEP_ORDER TriadRecord rounds_named round_records _by_triad".split(),
    "action_store": (
        "triad_actions action_counts triad_action _owned_open open_actions_owned_by count_open_actions_owned_by"
    ).split(),
    "fieldwork_store": "triad_interview_rows triad_interviews interviews_on_day interview_row next_interview_number".split(),
    "reminder_store": (
        "CUSTOM CUSTOM_PREFIX iso_z list_reminders planned_reminders triad_actions lock_round "
        "round_planned_reminders reminder_triad upcoming custom_number custom_reminders custom_reminder "
        "pending_custom_count next_custom_number add_custom_reminder sent_follow_ups"
    ).split(),
    "document_store": "DOCUMENT_FOR RECENT reminders_needing_documents claim_document record_document".split(),
    "sharing_store": (
        "KIND_ORDER findings write_findings record_files attach_file shared_items share document_bodies "
        "refresh_documents unshare shared_kinds shared_lines is_programme_member"
    ).split(),
    "suggestion_store": (
        "rounds_before groups_of_round suggestion supersede_open move_status reclaim_accepting "
        "set_accepting_lease stalled_accepting"
    ).split(),
    "team_store": (
        "reviewer_by_user reviewers round_loads candidates proposals_of proposal_by_id lock_triad supersede "
        "supersede_open set_acceptance"
    ).split(),
    "theme_store": (
        "_rows vocabulary _new_row _editable save_topic remove_topic chosen_topics choose_topics "
        "agreed_lines_by_round earlier_rounds"
    ).split(),
    "workspace_store": (
        "WorkspaceStatus WorkspaceRow record_status workspace_status hold_reminders resume_reminders workspace_overview"
    ).split(),
    "canvas_store": (
        "_BY_TRIAD_ID _changed_triads mark_changes _MARKS _pending mark_at_commit forget_marks "
        "mark_bulk_changes mark_dirty Claimed _claimed _claimable dirty_teams claim_dirty claim_one "
        "claim_round _claim_row _ours record_built _case record_failure record_given_up release "
        "record_unavailable record_told forget_unavailable canvas_row"
    ).split(),
}

# A module's short name is also a common variable name (`triads = ...`): where a file binds it, the module is
# imported under this name instead.
FALLBACK = "{}_store"

DEFAULTED: list[str] = []


def home(old: str, name: str) -> tuple[str, str]:
    table = MOVES[old]
    if name not in table and name not in KNOWN.get(old, ()):
        DEFAULTED.append(f"storage.{old}.{name} -> storage.{table['*']}")
    return table.get(name, table["*"]), RENAMES.get((old, name), name)


class Text:
    """A file's text with ast positions (UTF-8 byte columns) turned into string offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.splitlines(keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))

    def offset(self, lineno: int, col: int) -> int:
        line = self.lines[lineno - 1] if lineno - 1 < len(self.lines) else ""
        return self.starts[lineno - 1] + len(line.encode()[:col].decode())

    def span(self, node: ast.AST) -> tuple[int, int]:
        return self.offset(node.lineno, node.col_offset), self.offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined, arg-type]


def apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(set(edits), reverse=True):
        text = text[:start] + new + text[end:]
    return text


def bound_names(tree: ast.AST, skip: set[str] = frozenset()) -> set[str]:  # type: ignore[assignment]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                local = alias.asname or alias.name.split(".")[0]
                if local not in skip:
                    names.add(local)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            names.update(node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


@dataclass
class Unit:
    source: str
    index: int
    text: str
    names: list[str]
    gap_before: str  # the blank lines that separated it from the unit before it in its old module


@dataclass
class Source:
    name: str
    docstring: str | None
    imports: list[tuple[str, str, str | None]]  # (module, name, asname); module "" for `import name`
    modules: dict[str, str]  # local name -> old module (`from storage import queries`)
    reexports: dict[str, tuple[str, str]]  # local name -> (old module, name)
    units: list[Unit] = field(default_factory=list)

    @property
    def defined(self) -> set[str]:
        return {n for u in self.units for n in u.names}


OLD = set(MOVES)


def old_module(module: str | None) -> str | None:
    if module and module.startswith("storage.") and module[len("storage.") :] in OLD:
        return module[len("storage.") :]
    return None


def read_source(name: str) -> Source:
    path = ROOT / "storage" / f"{name}.py"
    text = path.read_text()
    tree = ast.parse(text)
    src = Source(name, ast.get_docstring(tree), [], {}, {})
    lines = text.splitlines(keepends=True)
    body = list(tree.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    previous_end = 0
    for node in body:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                sys.exit(f"{path}: relative import")
            if node.module == "storage":
                for a in node.names:
                    if a.name in OLD:
                        src.modules[a.asname or a.name] = a.name
                    else:
                        src.imports.append(("storage", a.name, a.asname))
            elif old := old_module(node.module):
                for a in node.names:
                    src.reexports[a.asname or a.name] = (old, a.name)
            else:
                src.imports.extend((node.module or "", a.name, a.asname) for a in node.names)
            previous_end = node.end_lineno or node.lineno
            continue
        if isinstance(node, ast.Import):
            src.imports.extend(("", a.name, a.asname) for a in node.names)
            previous_end = node.end_lineno or node.lineno
            continue
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names = [node.name]
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
            first = node.lineno
        else:
            sys.exit(f"{path}:{node.lineno}: a top-level statement the script cannot move")
        while first - 1 > previous_end and lines[first - 2].strip().startswith("#"):
            first -= 1
        between = lines[previous_end : first - 1]
        if any(line.strip() for line in between):  # a comment on what follows, kept with it
            first = previous_end + 1 + next(i for i, line in enumerate(between) if line.strip())
            between = lines[previous_end : first - 1]
        last = node.end_lineno or node.lineno
        src.units.append(Unit(name, len(src.units), "".join(lines[first - 1 : last]), names, "".join(between)))
        previous_end = last
    return src


def resolve(sources: dict[str, Source], old: str, name: str) -> tuple[str, str]:
    """(new module, new name) of what `storage.<old>.<name>` is, following re-exports."""
    src = sources[old]
    if name in src.reexports and name not in src.defined:
        return resolve(sources, *src.reexports[name])
    return home(old, name)


class Imports:
    """The imports a rewritten file needs of the new modules, each under the name it is known by."""

    def __init__(self, module: str, bound: set[str]) -> None:
        self.module = module  # the file's own module ("storage.triads"), "" outside storage
        self.bound = bound
        self.lines: list[str] = []

    def module_ref(self, new: str) -> str:
        alias = FALLBACK.format(new) if new in self.bound else new
        if alias in self.bound:
            sys.exit(f"{self.module or 'a file'}: both {new} and {alias} are taken")
        self.add(f"from storage import {new}" + (f" as {alias}" if alias != new else ""))
        return alias

    def name_ref(self, new: str, name: str, local: str) -> None:
        self.add(f"from storage.{new} import {name}" + (f" as {local}" if local != name else ""))

    def add(self, line: str) -> None:
        if line not in self.lines:
            self.lines.append(line)


def is_self(imports: Imports, new: str) -> bool:
    return imports.module == f"storage.{new}"


def rewrite_file(path: Path, sources: dict[str, Source]) -> str | None:
    """The file with its imports and uses of the old modules pointing at the new ones; None if unchanged."""
    text = path.read_text()
    if "storage" not in text:
        return None
    tree = ast.parse(text)
    t = Text(text)
    module_aliases: dict[str, str] = {}  # local name -> old module
    touched: list[ast.stmt] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "storage" and any(a.name in OLD for a in node.names):
            touched.append(node)
            for a in node.names:
                if a.name in OLD:
                    module_aliases[a.asname or a.name] = a.name
        elif isinstance(node, ast.ImportFrom) and old_module(node.module):
            touched.append(node)
        elif isinstance(node, ast.Import) and any(old_module(a.name) for a in node.names):
            sys.exit(f"{path}:{node.lineno}: `import storage.<old module>`: not handled")
    if not touched:
        return None
    rel = path.relative_to(ROOT).with_suffix("")
    own = ".".join(rel.parts)
    bound = bound_names(tree, skip=set(module_aliases))
    edits: list[tuple[int, int, str]] = []
    attr_imports = Imports(own, bound)
    # Uses of `queries.x`.
    seen_attr: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in module_aliases:
            seen_attr.add(id(node.value))
            new, name = resolve(sources, module_aliases[node.value.id], node.attr)
            ref = name if is_self(attr_imports, new) else f"{attr_imports.module_ref(new)}.{name}"
            if is_self(attr_imports, new) and name in bound:
                sys.exit(f"{path}:{node.lineno}: {name} is bound here too")
            edits.append((*t.span(node), ref))
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in module_aliases:
            if id(node) not in seen_attr:
                sys.exit(f"{path}:{node.lineno}: `{node.id}` used other than as `{node.id}.name`: not handled")
            used.add(node.id)
    for alias, old in module_aliases.items():  # imported for its effect (models imports canvas_store): all its homes
        if alias not in used:
            for new in dict.fromkeys(MOVES[old].values()):
                if not is_self(attr_imports, new):
                    attr_imports.add(f"from storage import {new}")
    # The import statements themselves; each `from storage import <old>` gets every module import the file's
    # `queries.x` uses need (it may be a function's own import): ruff's F401 removes those a scope does not use.
    attr_imports_placeholder = attr_imports.lines
    for node in touched:
        assert isinstance(node, ast.ImportFrom)
        lines: list[str] = []
        if node.module == "storage":
            kept = [ast.unparse(a) for a in node.names if a.name not in OLD]
            kept += [line.removeprefix("from storage import ") for line in attr_imports_placeholder]
            if kept:  # one statement, as it was: a trailing noqa comment still applies
                lines.append("from storage import " + ", ".join(kept))
        else:
            old = old_module(node.module)
            assert old
            by_module: dict[str, list[str]] = {}
            for a in node.names:
                local = a.asname or a.name
                new, name = resolve(sources, old, a.name)
                if f"storage.{new}" == own:
                    if local != name:
                        sys.exit(f"{path}:{node.lineno}: imports {local} from itself under another name")
                    continue
                by_module.setdefault(new, []).append(name + (f" as {local}" if local != name else ""))
            lines = [f"from storage.{new} import {', '.join(names)}" for new, names in by_module.items()]
        start, end = t.span(node)
        comment = text[end:].split("\n", 1)[0]
        comment = comment if comment.strip().startswith("#") else ""
        edits.append(
            (
                start,
                end,
                "\n".join(line + comment for line in lines[:-1])
                + ("\n" if len(lines) > 1 else "")
                + (lines[-1] if lines else DROP),
            )
        )
    new_text = apply(text, [(s, e, r.replace("\n", "\n" + " " * _col(t, s))) for s, e, r in edits])
    new_text = "".join(line for line in new_text.splitlines(keepends=True) if not line.strip().startswith(DROP))
    try:
        ast.parse(new_text)
    except SyntaxError as error:
        sys.exit(f"{path}: the rewrite does not parse ({error}): an import that became nothing left a block empty")
    return new_text


OLD_NAME = re.compile(r"\bstorage([./])(\w+)(\.py\b|\.\w+)?")


def rename_mentions(text: str, sources: dict[str, Source]) -> str:
    """`storage.canvas_store.mark_changes`, `storage.canvas_store` and `storage/canvas_store.py` in comments and
    docstrings (the imports are rewritten by then)."""

    def new(match: re.Match[str]) -> str:
        sep, old, rest = match.groups()
        if old not in OLD:
            return match.group(0)
        if sep == "." and rest and rest != ".py":
            target, name = resolve(sources, old, rest[1:])
            return f"storage.{target}.{name}"
        homes = set(MOVES[old].values())
        if len(homes) != 1:
            print(f"left as it is (storage.{old} is split): {match.group(0)}")
            return match.group(0)
        return f"storage{sep}{homes.pop()}{rest or ''}"

    return OLD_NAME.sub(new, text)


def _col(t: Text, offset: int) -> int:
    line_start = max(s for s in t.starts if s <= offset)
    return offset - line_start


DROP = "pass  # storage_by_aggregate: an import that became nothing"


def moved_unit_text(unit: Unit, src: Source, target: str, sources: dict[str, Source], imports: Imports) -> str:
    tree = ast.parse(unit.text)
    t = Text(unit.text)
    edits: list[tuple[int, int, str]] = []
    scoped = isinstance(tree.body[0], ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    local = bound_names(tree) - set(unit.names) if scoped else set()
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in src.modules:
            skip.add(id(node.value))
            new, name = resolve(sources, src.modules[node.value.id], node.attr)
            if new == target:
                edits.append((*t.span(node), name))
            elif name not in imports.bound:  # storage's own style: the name itself
                imports.name_ref(new, name, name)
                edits.append((*t.span(node), name))
            else:
                edits.append((*t.span(node), f"{imports.module_ref(new)}.{name}"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Name) or id(node) in skip or node.id in local:
            continue
        if node.id in src.modules:
            sys.exit(f"storage/{src.name}.py: `{node.id}` used other than as `{node.id}.name`")
        if node.id in src.defined:
            new, name = resolve(sources, src.name, node.id)
        elif node.id in src.reexports:
            new, name = resolve(sources, *src.reexports[node.id])
        else:
            continue
        if new != target:
            imports.name_ref(new, name, name)
        if name != node.id:
            edits.append((*t.span(node), name))
    return apply(unit.text, edits)


def import_line(module: str, name: str, asname: str | None) -> str:
    if not module:
        return f"import {name}" + (f" as {asname}" if asname else "")
    return f"from {module} import {name}" + (f" as {asname}" if asname else "")


def main() -> None:
    dry = "--dry-run" in sys.argv
    present = [m for m in MOVES if (ROOT / "storage" / f"{m}.py").exists()]
    if not present:
        print("nothing to do: no old storage module is left")
        return
    sources = {m: read_source(m) for m in present}
    for m in OLD - set(present):  # already gone: nothing defined there, nothing to resolve
        sources[m] = Source(m, None, [], {}, {})
    # Which units go where, in the order of the table, each old module's in its own order.
    targets: dict[str, list[Unit]] = {}
    for m in present:
        for unit in sources[m].units:
            homes = {resolve(sources, m, n)[0] for n in unit.names}
            if len(homes) != 1:
                sys.exit(f"storage/{m}.py: {unit.names} would go to {homes}")
            targets.setdefault(homes.pop(), []).append(unit)
    # 1. Rewrite every other file's imports and uses.
    written: dict[Path, str] = {}
    for root in SCAN:
        for path in sorted((ROOT / root).rglob("*.py")):
            if path.parent == ROOT / "storage" and path.stem in OLD:
                continue
            if path.resolve() == Path(__file__).resolve():
                continue
            original = path.read_text()
            new_text = rename_mentions(rewrite_file(path, sources) or original, sources)
            if new_text != original:
                written[path] = new_text
    # 2. Build (or extend) each new module.
    for target, units in targets.items():
        path = ROOT / "storage" / f"{target}.py"
        existing = written.get(path) or (path.read_text() if path.exists() else None)
        names = [n for u in units for n in renamed(u)]
        dupes = {n for n in names if names.count(n) > 1}
        if dupes:
            sys.exit(f"storage/{target}.py would define {sorted(dupes)} twice")
        external = []
        for unit in units:
            for entry in sources[unit.source].imports:
                line = import_line(*entry)
                if line not in external:
                    external.append(line)
        bound = set(names) | bound_names(ast.parse("\n".join(external + [u.text for u in units])))
        if existing is not None:
            bound |= bound_names(ast.parse(existing))
            already = {
                import_line(getattr(n, "module", "") or "", a.name, a.asname)
                for n in ast.parse(existing).body
                if isinstance(n, ast.Import | ast.ImportFrom)
                for a in n.names
            }
            external = [line for line in external if line not in already]
        imports = Imports(f"storage.{target}", bound)
        bodies = []
        previous: Unit | None = None
        for unit in units:
            src = sources[unit.source]
            body = moved_unit_text(unit, src, target, sources, imports)
            body = _rename_definition(body, unit)
            if previous is not None:
                adjacent = previous.source == unit.source and previous.index + 1 == unit.index
                bodies.append(unit.gap_before if adjacent else "\n\n")
            bodies.append(body)
            previous = unit
        new_imports = [line for line in external + imports.lines if not line.startswith(f"from storage.{target} ")]
        _check_import_clashes(target, new_imports, names)
        code = "".join(bodies)
        if existing is None:
            doc = "\n\n".join(textwrap.fill(p, 116) for p in DOCS[target].split("\n\n"))
            text = f'"""{doc}"""\n\n' + "\n".join(new_imports) + "\n\n\n" + code
        else:
            tree = ast.parse(existing)
            body = tree.body[1:] if ast.get_docstring(tree) else tree.body
            top = next(i for i, n in enumerate(body) if not isinstance(n, ast.Import | ast.ImportFrom))
            last_import = body[top - 1].end_lineno or 0
            lines = existing.splitlines(keepends=True)
            clash = bound_names(
                ast.Module(body=[n for n in tree.body if not isinstance(n, ast.ClassDef)], type_ignores=[])
            )
            clash = (clash | {n.name for n in tree.body if isinstance(n, ast.ClassDef)}) & set(names)
            if clash:
                sys.exit(f"storage/{target}.py binds {sorted(clash)} already")
            text = (
                "".join(lines[:last_import])
                + "".join(line + "\n" for line in new_imports)
                + "\n\n"
                + code.rstrip("\n")
                + "\n\n\n"
                + "".join(lines[last_import:]).lstrip("\n")
            )
        written[path] = text.rstrip("\n") + "\n"
    if DEFAULTED:
        print("New since the table was written, moved to their old module's default home (check them):")
        for line in sorted(set(DEFAULTED)):
            print("  " + line)
    for target, units in sorted(targets.items()):
        print(f"storage/{target}.py <- " + ", ".join(f"{u.source}.{'/'.join(u.names)}" for u in units))
    if dry:
        return
    for path, text in written.items():
        path.write_text(text)
    for m in present:
        (ROOT / "storage" / f"{m}.py").unlink()
    files = [str(p.relative_to(ROOT)) for p in written]
    ruff = [sys.executable, "-m", "ruff"]
    subprocess.run([*ruff, "check", "--fix", "--select", "I,F401", "--quiet", *files], cwd=ROOT, check=False)
    subprocess.run([*ruff, "format", "--quiet", *files], cwd=ROOT, check=True)
    print(f"wrote {len(files)} files, removed {len(present)} old modules")


def renamed(unit: Unit) -> list[str]:
    return [RENAMES.get((unit.source, n), n) for n in unit.names]


def _rename_definition(body: str, unit: Unit) -> str:
    """The renamed definition's own name (its uses are renamed with the others)."""
    for n in unit.names:
        new = RENAMES.get((unit.source, n))
        if new:
            for prefix in ("def ", "class ", ""):
                if body.lstrip().startswith(prefix + n):
                    return body.replace(prefix + n, prefix + new, 1)
    return body


def _check_import_clashes(target: str, lines: list[str], defined: list[str]) -> None:
    seen: dict[str, str] = {}
    for line in lines:
        node = ast.parse(line).body[0]
        assert isinstance(node, ast.Import | ast.ImportFrom)
        for a in node.names:
            local = a.asname or a.name.split(".")[0]
            origin = f"{getattr(node, 'module', '')}.{a.name}"
            if local in defined:
                sys.exit(f"storage/{target}.py: import {origin} as {local} clashes with a moved definition")
            if seen.get(local, origin) != origin:
                sys.exit(f"storage/{target}.py: {local} would be both {seen[local]} and {origin}")
            seen[local] = origin


if __name__ == "__main__":
    main()
