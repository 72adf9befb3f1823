"""The technicians' layout editor (Qt side): it shows and routes; the rules live in
``ioc_console.editor``."""
