"""`ioc-console`: run the wall, check layouts, print the schema, list screens, take screenshots."""

from __future__ import annotations

import argparse
import json
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
    probe = commands.add_parser("probe", help="fetch a source and print it as the console sees it")
    probe.add_argument("source", help="URL or file")
    probe.add_argument("--kind", choices=["json", "cap", "geojson", "prometheus", "sse"])
    return parser


def _add_wall_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--layout", type=Path, default=None,
                        help="layout file (default: the shipped Lào Cai 2x2 wall)")
    parser.add_argument("--simulate", action="store_true",
                        help="show the whole wall scaled in one window")
    parser.add_argument("--scenario", default=None, help="scenario id to start with")
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="language of the console (default: from the system locale)")


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
        return take_screenshot(args.layout or default_layout_path(), args.out, args.scenario,
                               args.scale)
    if command == "probe":
        from ioc_console.data.probe import cli_probe
        return cli_probe(args.source, args.kind)
    from ioc_console.ui.wall_app import run_wall
    return run_wall(args.layout or default_layout_path(), simulate=args.simulate,
                    scenario=args.scenario)


def check_files(files: list[Path]) -> int:
    from ioc_console.model.layout_file import load_layout
    from ioc_console.model.problems import LayoutError

    status = 0
    for path in files:
        try:
            load_layout(path)
        except LayoutError as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
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


if __name__ == "__main__":
    sys.exit(main())
