"""`ioc-console screens`: what the technician needs to name screens in a layout."""

from __future__ import annotations

from ioc_console.ui.app import create_application


def describe_screens() -> list[dict]:
    from PySide6.QtGui import QGuiApplication

    create_application()
    rows = []
    for index, screen in enumerate(QGuiApplication.screens()):
        geometry = screen.geometry()
        rows.append({
            "index": index,
            "name": screen.name(),
            "geometry": [geometry.x(), geometry.y(), geometry.width(), geometry.height()],
            "dpi": round(screen.logicalDotsPerInch(), 1),
            "physical_dpi": round(screen.physicalDotsPerInch(), 1),
            "device_pixel_ratio": screen.devicePixelRatio(),
        })
    return rows


def print_screens() -> int:
    for row in describe_screens():
        x, y, w, h = row["geometry"]
        print(f"{row['index']}  {row['name']:<16} {w}x{h}+{x}+{y}  dpi {row['dpi']} "
              f"(physical {row['physical_dpi']}, ratio {row['device_pixel_ratio']})")
    return 0
