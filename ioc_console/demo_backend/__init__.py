"""The demo backend: a real HTTP server with a simulated Lào Cai province (MÔ PHỎNG).

Used by the console out of the box (``backend: demo``) and by the test-suite. It is built on
the standard library only (``http.server.ThreadingHTTPServer``, ``json``, ``zlib``): it runs
inside the console in a background thread, starts in milliseconds, one thread per connection
makes Server-Sent Events streams trivial, and there is nothing to install. No Qt here: an
import-linter contract keeps this package usable on a machine without a display.

Modules, one job each:

* ``simulation``     clock, seed, flood episodes, deterministic noise (pure)
* ``flood_timeline`` the Typhoon Yagi story as keyframes over 8 flood hours (pure)
* ``places``         gauges, towns, cameras, shelters, outline (static tables)
* ``hydrology``      river levels and rain at any simulated moment
* ``incidents``      citizens' reports and AI-camera detections
* ``kpis``, ``series``, ``geo_layers``, ``cap_feed``, ``prometheus_api``, ``cameras``,
  ``snapshots``      what each endpoint answers
* ``event_stream``   the SSE buffer, producer and writer
* ``faults``, ``http_caching``, ``catalog``  injected faults, ETag/304, the source list
* ``server``         routing and start/stop; ``cli`` the ``ioc-demo-backend`` command
"""
