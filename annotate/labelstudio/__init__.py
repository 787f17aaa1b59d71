"""Label Studio integration: connection settings, a local server, label configs, push and pull.

Label Studio counts offsets in UTF-16 code units; everything else in ``annotate`` uses code
points. The conversion happens only in :mod:`annotate.labelstudio.offsets`.
"""
