"""`ioc-console`: run the wall, check layouts, print the schema, list screens, take screenshots."""

from __future__ import annotations

import argparse
import json
import os
import sys
from importlib import resources
from pathlib import Path

from ioc_console.i18n import LANGUAGES, set_language, system_language

DEFAULT_LAYOUT = "lao_cai_2x2.yaml"


def shipped_layouts() -> list[Path]:
    folder = resources.files("ioc_console.layouts")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".yaml"))


def default_layout_path() -> Path:
    return Path(str(resources.files("ioc_console.layouts") / DEFAULT_LAYOUT))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ioc-console",
        description="Video-wall console of a provincial Intelligent Operations Center. "
        "With no command it opens the wall.")
    _add_wall_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser("run", help="open the wall (the default)")
    _add_wall_options(run)
    check = commands.add_parser("check", help="validate layout files; exit 1 if any is broken")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    commands.add_parser("schema", help="print the JSON Schema of the layout format")
    commands.add_parser("screens", help="list the screens Qt sees (name, geometry, DPI)")
    shot = commands.add_parser("screenshot", help="render the whole wall into a PNG and exit")
    shot.add_argument("--out", type=Path, required=True, help="PNG file to write")
    shot.add_argument("--layout", type=Path, default=None, help="layout file (default: shipped)")
    shot.add_argument("--scenario", default=None, help="scenario id to show")
    shot.add_argument("--lang", choices=LANGUAGES, default=None)
    shot.add_argument("--scale", type=float, default=1.0, help="shrink the PNG, e.g. 0.5")
    shot.add_argument("--backend", default=None, help="backend base URL (default: the demo)")
    shot.add_argument("--demo-flood-hour", type=float, default=None, metavar="H",
                      help="built-in demo only: show the Yagi flood replay H hours in (0-8)")
    audit = commands.add_parser("audit", help="print the audit trail, or verify it")
    audit.add_argument("--since", default=None, help="ISO date or date-time, e.g. 2024-09-09")
    audit.add_argument("--verify", action="store_true",
                       help="check the hash chain; exit 1 naming the first bad row")
    edit = commands.add_parser("edit", help="open the layout editor (no wall needed)")
    edit.add_argument("--layout", type=Path, default=None, help="layout file (default: shipped)")
    edit.add_argument("--lang", choices=LANGUAGES, default=None)
    probe = commands.add_parser("probe", help="fetch a source and print it as the console sees it")
    probe.add_argument("source", help="URL or file")
    probe.add_argument("--kind", choices=["json", "cap", "geojson", "prometheus", "sse"])
    from ioc_console.operations.users_command import add_users_parser
    add_users_parser(commands)
    return parser


def _add_wall_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--layout", type=Path, default=None,
                        help="layout file (default: the shipped Lào Cai 2x2 wall)")
    parser.add_argument("--simulate", action="store_true",
                        help="show the whole wall scaled in one window")
    parser.add_argument("--scenario", default=None, help="scenario id to start with")
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="language of the console (default: from the system locale)")
    parser.add_argument("--backend", default=None,
                        help="backend base URL (default: the layout's, else the built-in demo)")
    parser.add_argument("--wall-only", action="store_true",
                        help="no operator console window (a wall PC without a desk)")
    parser.add_argument("--idle-lock", type=float, default=300.0, metavar="SECONDS",
                        help="lock the operator console after this long without input "
                        "(default 300; 0 never locks). The wall is never locked")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    set_language(getattr(args, "lang", None) or system_language())
    command = args.command or "run"
    if command == "check":
        return check_files(args.files)
    if command == "schema":
        return print_schema()
    if command == "screens":
        from ioc_console.ui.screens import print_screens
        return print_screens()
    if command == "screenshot":
        from ioc_console.ui.screenshot_command import take_screenshot
        status = take_screenshot(args.layout or default_layout_path(), args.out, args.scenario,
                                 args.scale, args.backend,
                                 demo_flood_hour=args.demo_flood_hour)
        # The PNG is written. Qt's own teardown, once a web view (the map) has lived in the
        # process, can crash or hang (see ioc_console/ui/wall_app.py): end here instead.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    if command == "audit":
        return print_audit(args.since, args.verify)
    if command == "edit":
        from ioc_console.ui.editor.launch import run_editor
        return run_editor(args.layout or default_layout_path())
    if command == "probe":
        from ioc_console.data.probe import cli_probe
        return cli_probe(args.source, args.kind)
    if command == "users":
        from ioc_console.operations.users_command import run_users
        return run_users(args)
    from ioc_console.ui.wall_app import run_wall
    return run_wall(args.layout or default_layout_path(), simulate=args.simulate,
                    scenario=args.scenario, backend=args.backend,
                    operator_console=not args.wall_only, idle_lock_s=args.idle_lock)


def check_files(files: list[Path]) -> int:
    from ioc_console.model.layout_file import load_layout_or_report

    status = 0
    for path in files:
        if load_layout_or_report(path) is None:
            status = 1
        else:
            print(f"{path}: ok")
    return status


def print_schema() -> int:
    from ioc_console.model.layout import Layout

    schema = Layout.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "IOC Wall Console layout"
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0


def print_audit(since: str | None, check: bool) -> int:
    from datetime import datetime

    from ioc_console.operations.audit_log import connect, read_entries, verify
    from ioc_console.operations.paths import console_db

    path = console_db()
    if not path.exists():
        print(f"{path}: no audit trail yet", file=sys.stderr)
        return 0 if not check else 1
    connection = connect(path)
    if check:
        problem = verify(connection)
        if problem:
            print(f"{path}: {problem}", file=sys.stderr)
            return 1
        count = connection.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
        print(f"{path}: {count} rows, chain intact")
        return 0
    start = None
    if since:
        start = datetime.fromisoformat(since)
        if start.tzinfo is None:
            start = start.astimezone()
    for entry in read_entries(connection, start):
        details = " ".join(f"{k}={v}" for k, v in entry.details.items())
        print(f"{entry.id:>6}  {entry.at}  {entry.actor:<12} {entry.action:<18} "
              f"{entry.target:<20} {entry.reason} {details}".rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
