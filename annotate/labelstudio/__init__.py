"""Label Studio integration: connection settings, a local server, label configs, push and pull.

Offsets cross the Label Studio boundary only through :mod:`annotate.labelstudio.offsets`.
Label Studio 1.23 counts ``<Text>`` offsets in code points, like the rest of ``annotate``
(verified in Chromium); servers older than 1.4 counted UTF-16 code units, selected with
``ANNOTATE_LS_OFFSETS=utf16``.
"""
