"""The one error type xxgk raises for bad input.

Every message names the file and the reason, so a batch can report it on one line
and carry on with the next file.

Layer: base — imports nothing of xxgk; every other layer may import it.
"""

from __future__ import annotations


class ReportError(Exception):
    """A file could not be read or parsed as a report.

    >>> str(ReportError("a/b.pdf", "the PDF has no text layer; it needs OCR"))
    'a/b.pdf: the PDF has no text layer; it needs OCR'

    ``reason_zh``, where given, is the reason in Chinese for the dashboard (without the file name).
    """

    def __init__(self, path: str, reason: str, reason_zh: str | None = None):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason
        self.reason_zh = reason_zh


def limit_error(path: str, reason: str, reason_zh: str) -> ReportError:
    """A ReportError for a file over one of the cost limits, with its reason in Chinese for the page
    (naming the limit as the English one does); upload messages prefer it to a translation."""
    return ReportError(path, reason, reason_zh)
