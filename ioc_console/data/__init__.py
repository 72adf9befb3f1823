"""Pure data parsing: bytes from a source -> values the wall shows. No Qt here (import-linter).

One module per job: ``cap`` (CAP messages and indexes) -> ``alerts.Alert``; ``alert_store``
(CAP Update/Cancel/expiry semantics, acknowledgements); ``sse`` (event-stream parser);
``prometheus``; ``geojson``; ``json_extract`` (JSON + JMESPath); ``payloads`` (the runtime's
single entry point); ``probe`` + ``fetch`` (the ``ioc-console probe`` command). Every parser
raises ``errors.ParseError`` with a one-line reason.
"""
