"""Evaluate predictions against gold: scores (``scoring``), inputs from store or files
(``inputs``), saved history across model versions (``history``) and HTML/Markdown reports
(``report``)."""
