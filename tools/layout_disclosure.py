"""Move ``disclosure/`` into feature packages and rewrite every import of the moved modules.

Issue 19 item 4. Deterministic and re-runnable: run it again after merging a
branch written against the old layout and it moves what is still at an old path
and rewrites that branch's imports; on a tree already moved it changes nothing.

    python tools/layout_disclosure.py            # move and rewrite
    python tools/layout_disclosure.py --map      # print the move map

What it rewrites, in every .py file of the repository (migrations included, as
they import ``upload_to`` callables and data modules by path):

* ``from disclosure.x import …``, ``import disclosure.x``, ``from disclosure
  import x`` and relative imports inside ``disclosure/`` whose target moved, or
  which sit in a moved file and would resolve differently from its new place;
  a relative import in a moved file is read as written for the file's *old*
  place (code written after the move should import absolutely);
* dotted module strings given to ``patch``/``include``/``import_module``/
  ``import_string`` (audit action names such as "disclosure.annual_report.edit"
  are not module paths and are left alone).

Then ``ruff check --select I --fix`` and ``ruff format`` on the changed files
re-sort the rewritten import blocks.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# old module -> new module. Whole files move; nothing is split here.
MOVES: dict[str, str] = {
    # 主动公开: items, removals, index numbers, metadata terms, timeliness
    "disclosure.models.items": "disclosure.catalog.models",
    "disclosure.models.removals": "disclosure.catalog.removals",
    "disclosure.forms": "disclosure.catalog.forms",
    "disclosure.services": "disclosure.catalog.index_numbers",
    "disclosure.index_format": "disclosure.catalog.index_format",
    "disclosure.checks": "disclosure.catalog.system_checks",
    "disclosure.vocabulary": "disclosure.catalog.metadata_terms",
    "disclosure.publication_timeliness": "disclosure.catalog.timeliness",
    "disclosure.publication_timeliness_views": "disclosure.catalog.desk",
    # 基层政务公开标准目录 (banner sites)
    "disclosure.models.standard_catalogue": "disclosure.catalog.standard.models",
    "disclosure.standard_catalogue": "disclosure.catalog.standard.services",
    "disclosure.standard_catalogue_admin": "disclosure.catalog.standard.desk",
    "disclosure.standard_catalogue_data": "disclosure.catalog.standard.data",
    # 依申请公开
    "disclosure.models.applications": "disclosure.applications.models",
    "disclosure.application_vocabulary": "disclosure.applications.case_terms",
    "disclosure.casework": "disclosure.applications.casework",
    "disclosure.casework_forms": "disclosure.applications.desk_forms",
    "disclosure.casework_views": "disclosure.applications.desk",
    "disclosure.application_forms": "disclosure.applications.forms",
    "disclosure.application_views": "disclosure.applications.views",
    "disclosure.application_urls": "disclosure.applications.urls",
    "disclosure.fees": "disclosure.applications.fees",
    "disclosure.permissions": "disclosure.applications.permissions",
    "disclosure.dashboard_panels": "disclosure.applications.dashboard_panels",
    # 答复: draft, review and 签发, the numbered notice
    "disclosure.models.reply_notices": "disclosure.applications.reply.models",
    "disclosure.reply_notice": "disclosure.applications.reply.notice",
    "disclosure.reply_review": "disclosure.applications.reply.review",
    "disclosure.reply_views": "disclosure.applications.reply.views",
    # 政府信息公开工作年度报表
    "disclosure.models.annual_report": "disclosure.annual_report.models",
    "disclosure.annual_report": "disclosure.annual_report.building",
    "disclosure.report_format": "disclosure.annual_report.format",
    "disclosure.report_export": "disclosure.annual_report.export",
    "disclosure.report_forms": "disclosure.annual_report.forms",
    "disclosure.report_views": "disclosure.annual_report.desk",
    "disclosure.report_hooks": "disclosure.annual_report.hooks",
    "disclosure.report_permissions": "disclosure.annual_report.permissions",
    # 公开指南
    "disclosure.models.guide": "disclosure.guide.models",
    "disclosure.guide": "disclosure.guide.services",
    "disclosure.guide_check": "disclosure.guide.compliance",
    # 审批公示
    "disclosure.models.approvals": "disclosure.approvals.models",
    "disclosure.approvals.admin_views": "disclosure.approvals.desk",
}

# Data files read relative to the module that moves with them.
DATA_MOVES = {
    "disclosure/data/topics.txt": "disclosure/catalog/data/topics.txt",
}

NEW_PACKAGES = {
    "disclosure.applications": "依申请公开: cases, casework, the public form, replies, the desk.",
    "disclosure.applications.reply": "The reply of a case: draft, 审核签发, the numbered 答复告知书.",
    "disclosure.annual_report": "政府信息公开工作年度报告: model, building, official format, export, desk.",
    "disclosure.catalog.standard": "基层政务公开标准目录 of banner (旗县) sites (R34).",
    "disclosure.guide": "政府信息公开指南 (Art. 12, R24): the page, its default text, its check.",
}

NEW_NAMES = set(MOVES.values())
OLD_OF_NEW = {new: old for old, new in MOVES.items()}
STRING_CALLS = {"patch", "include", "import_module", "import_string"}
SKIP_DIRS = {".git", ".venv", "node_modules", "__pycache__", "artefacts"}


def path_of(module: str) -> Path:
    return ROOT / (module.replace(".", "/") + ".py")


def module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_package(module: str) -> bool:
    return (ROOT / module.replace(".", "/") / "__init__.py").exists()


# --- moving -----------------------------------------------------------------


def git(*args: str) -> None:
    subprocess.run(["git", *args], cwd=ROOT, check=True)  # noqa: S603, S607


def move_files() -> list[Path]:
    changed = []
    for package, doc in NEW_PACKAGES.items():
        init = ROOT / package.replace(".", "/") / "__init__.py"
        if not init.exists():
            init.parent.mkdir(parents=True, exist_ok=True)
            init.write_text(f'"""{doc}"""\n', encoding="utf-8")
            git("add", str(init.relative_to(ROOT)))
    pairs = [(path_of(old), path_of(new)) for old, new in MOVES.items()]
    pairs += [(ROOT / old, ROOT / new) for old, new in DATA_MOVES.items()]
    for source, target in pairs:
        if not source.exists():
            continue
        if target.exists():
            sys.exit(f"both {source} and {target} exist: merge them by hand")
        target.parent.mkdir(parents=True, exist_ok=True)
        git("mv", str(source.relative_to(ROOT)), str(target.relative_to(ROOT)))
        changed.append(target)
    return changed


# --- naming -----------------------------------------------------------------


def new_name(dotted: str) -> str | None:
    """The new dotted name of a reference to an old module (or to a name in it)."""
    if dotted in NEW_NAMES or any(dotted.startswith(n + ".") for n in NEW_NAMES):
        return None
    for old in sorted(MOVES, key=len, reverse=True):
        if dotted == old or dotted.startswith(old + "."):
            return MOVES[old] + dotted[len(old) :]
    return None


def original_module(path: Path) -> str:
    """The dotted name the file had before the move (relative imports mean that)."""
    module = module_of(path)
    return OLD_OF_NEW.get(module, module)


def resolve(node: ast.ImportFrom, module: str, package: bool) -> str:
    base = module.split(".")
    if not package:
        base = base[:-1]
    if node.level > 1:
        base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


# --- rewriting --------------------------------------------------------------


def _line_comments(segment: str) -> dict[int, str]:
    comments = {}
    for number, line in enumerate(segment.splitlines()):
        match = re.search(r"#.*$", line)
        if match:
            comments[number] = match.group(0)
    return comments


def _alias_text(alias: ast.alias) -> str:
    return alias.name + (f" as {alias.asname}" if alias.asname else "")


def rewrite_import_from(node: ast.ImportFrom, path: Path, segment: str, indent: str):
    """The replacement text of one ``from … import …`` or None to keep it."""
    here = module_of(path)
    moved_file = here in OLD_OF_NEW
    if node.level:
        if not here.startswith("disclosure"):
            return None
        target = resolve(node, original_module(path), path.name == "__init__.py")
    else:
        target = node.module or ""
    if not target.startswith("disclosure"):
        return None

    # ``from pkg import a, b`` where some of a, b are moved modules.
    module_aliases = [a for a in node.names if f"{target}.{a.name}" in MOVES]
    if module_aliases and not is_submodule_import(target, node.names):
        comments = _line_comments(segment)

        def comment_of(aliases) -> str:
            found = []
            for number, line in enumerate(segment.splitlines()):
                names = (a.name for a in aliases)
                if number in comments and any(
                    re.search(rf"\b{re.escape(name)}\b", line) for name in names
                ):
                    found.append(comments[number])
            return "  " + " ".join(dict.fromkeys(found)) if found else ""

        lines = []
        rest = [a for a in node.names if a not in module_aliases]
        for alias in module_aliases:
            new = MOVES[f"{target}.{alias.name}"]
            parent, _, leaf = new.rpartition(".")
            local = alias.asname or alias.name
            as_part = f" as {local}" if local != leaf else ""
            lines.append(f"from {parent} import {leaf}{as_part}{comment_of([alias])}")
        if rest:
            keep = target
            if node.level and not moved_file:
                keep = "." * node.level + (node.module or "")
            names = ", ".join(_alias_text(a) for a in rest)
            lines.insert(0, f"from {keep} import {names}{comment_of(rest)}")
        return ("\n" + indent).join(lines)

    already_new = is_submodule_import(target, node.names)
    replacement = None if already_new else new_name(target)
    # Unmoved target: absolute only when the file moved to another package.
    relative_elsewhere = (
        node.level
        and moved_file
        and resolve(node, here, path.name == "__init__.py") != target
    )
    if replacement is None and relative_elsewhere:
        replacement = target
    if replacement is None:
        return None
    return re.sub(r"^from\s+\.*[\w.]*\s+import", f"from {replacement} import", segment)


def is_submodule_import(target: str, names) -> bool:
    """``from disclosure.annual_report import building``: already the new layout."""
    return all(f"{target}.{a.name}" in NEW_NAMES for a in names)


def rewrite_import(node: ast.Import, segment: str):
    changed = False
    parts = []
    for alias in node.names:
        replacement = new_name(alias.name)
        if replacement:
            changed = True
            parts.append(replacement + (f" as {alias.asname}" if alias.asname else ""))
        else:
            parts.append(_alias_text(alias))
    if not changed:
        return None
    return "import " + ", ".join(parts)


def rewrite_file(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    if "disclosure" not in text and not module_of(path).startswith("disclosure"):
        return False
    tree = ast.parse(text, str(path))
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def span(node):
        start = offsets[node.lineno - 1] + node.col_offset
        end = offsets[node.end_lineno - 1] + node.end_col_offset
        return start, end

    edits = []  # (start, end, new text)
    plain_imports = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            start, end = span(node)
            # The line's trailing comment belongs to the names before it.
            trailing = re.match(r"[ \t]*#[^\n]*", text[end:])
            if trailing:
                end += trailing.end()
            indent = lines[node.lineno - 1][: node.col_offset]
            new = rewrite_import_from(node, path, text[start:end], indent)
            if new is not None and new != text[start:end]:
                edits.append((start, end, new))
        elif isinstance(node, ast.Import):
            start, end = span(node)
            new = rewrite_import(node, text[start:end])
            if new is not None:
                edits.append((start, end, new))
                plain_imports += [a.name for a in node.names if new_name(a.name)]
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = getattr(func, "attr", None) or getattr(func, "id", None)
            first = node.args[0]
            if (
                name in STRING_CALLS
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                replacement = new_name(first.value)
                if replacement:
                    start, end = span(first)
                    quote = text[start]
                    edits.append((start, end, f"{quote}{replacement}{quote}"))
    # ``import disclosure.x`` is then used as ``disclosure.x.name`` in the code.
    for old in plain_imports:
        for match in re.finditer(rf"(?<![\w.]){re.escape(old)}\.", text):
            if not any(s <= match.start() < e for s, e, _ in edits):
                edits.append((match.start(), match.end() - 1, new_name(old)))
    if not edits:
        return False
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    path.write_text(text, encoding="utf-8")
    return True


def python_files():
    for path in sorted(ROOT.rglob("*.py")):
        if SKIP_DIRS & set(path.relative_to(ROOT).parts):
            continue
        yield path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--map", action="store_true", help="print the move map")
    args = parser.parse_args()
    if args.map:
        for old, new in [*MOVES.items(), *DATA_MOVES.items()]:
            print(f"{old} -> {new}")
        return
    moved = move_files()
    changed = [path for path in python_files() if rewrite_file(path)]
    if changed:
        ruff = str(Path(sys.executable).with_name("ruff"))
        files = [str(p) for p in changed]
        # --force-exclude: migrations stay as they were written.
        lint = [ruff, "check", "-q", "--force-exclude", "--select", "I", "--fix"]
        subprocess.run([*lint, *files], cwd=ROOT, check=False)  # noqa: S603
        fmt = [ruff, "format", "-q", "--force-exclude"]
        subprocess.run([*fmt, *files], cwd=ROOT, check=False)  # noqa: S603
    print(f"moved {len(moved)} files, rewrote imports in {len(changed)} files")


if __name__ == "__main__":
    main()
