"""The layout editor's model, without Qt: a layout file being edited, and the edits.

Edits change the ruamel round-trip tree in place, so the comments and the key order of the
technician's file survive a save; each edit knows its inverse, so undo is exact.
"""
