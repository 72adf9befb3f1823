"""Properties of the wall model that must hold for every layout, not just the shipped one."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ioc_console.model.geometry import CanvasGrid
from ioc_console.model.layout import Layout, find_problems
from ioc_console.model.layout_file import dump_layout, parse_layout
from ioc_console.model.wall_state import initial_state


@st.composite
def placements_on(draw, rows: int, columns: int, tile_ids: list[str]):
    """Rectangles on a rows x columns grid; some overlap, some go past the edge."""
    chosen = []
    for tile_id in draw(st.lists(st.sampled_from(tile_ids), unique=True, max_size=len(tile_ids))):
        row, column = draw(st.integers(0, rows - 1)), draw(st.integers(0, columns - 1))
        span = (draw(st.integers(1, rows)), draw(st.integers(1, columns)))
        chosen.append({"tile": tile_id, "at": [row, column], "span": list(span)})
    return chosen


@st.composite
def layouts(draw):
    wall_rows, wall_columns = draw(st.integers(1, 2)), draw(st.integers(1, 3))
    grid_rows, grid_columns = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    panels = [{"id": f"p{r}{c}", "position": {"row": r, "column": c},
               "grid": {"rows": grid_rows, "columns": grid_columns}}
              for r in range(wall_rows) for c in range(wall_columns)]
    mosaic = draw(st.booleans())
    wall = {"panels": panels}
    if mosaic:
        wall["canvases"] = [{"id": "mosaic", "panels": [p["id"] for p in panels]}]
    tile_ids = [f"t{i}" for i in range(8)]
    tiles = [{"id": t, "type": "clock"} for t in tile_ids]
    scenario_panels = {p["id"]: draw(placements_on(grid_rows, grid_columns, tile_ids))
                       for p in panels[:1]}
    return Layout.model_validate({"name": "generated", "wall": wall, "tiles": tiles,
                                  "scenarios": [{"id": "s", "name": "S",
                                                 "panels": scenario_panels}]})


@settings(max_examples=150, deadline=None)
@given(layouts())
def test_accepted_layouts_never_overlap_and_stay_in_bounds(layout: Layout):
    if find_problems(layout):
        return
    state = initial_state(layout)
    for canvas in layout.wall.effective_canvases():
        grid = CanvasGrid(layout.wall, canvas)
        width, height = grid.size_px
        rects = [grid.tile_rect(pid, p) for pid in canvas.panels
                 for p in state.placements.get(pid, ())]
        for rect in rects:
            assert 0 <= rect.x and rect.right <= width and 0 <= rect.y and rect.bottom <= height
        for i, a in enumerate(rects):
            for b in rects[i + 1:]:
                assert a.right <= b.x or b.right <= a.x or a.bottom <= b.y or b.bottom <= a.y


@settings(max_examples=150, deadline=None)
@given(layouts())
def test_overlap_is_refused_exactly_when_two_tiles_share_a_cell(layout: Layout):
    grid = CanvasGrid(layout.wall, layout.wall.effective_canvases()[0])
    placements = layout.scenarios[0].panels
    cells_by_tile = []
    fits = True
    for pid, items in placements.items():
        for p in items:
            fits &= grid.fits(pid, p)
            cells_by_tile.append(grid.cells(pid, p))
    shared = any(a & b for i, a in enumerate(cells_by_tile) for b in cells_by_tile[i + 1:])
    messages = [p.message for p in find_problems(layout)]
    if fits:
        assert any("overlaps" in m for m in messages) == shared
    else:
        assert any("goes past" in m for m in messages)


@settings(max_examples=100, deadline=None)
@given(layouts())
def test_load_of_save_gives_the_same_layout(layout: Layout):
    if find_problems(layout):
        return
    assert parse_layout(dump_layout(layout)) == layout
