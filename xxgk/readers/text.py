"""Plain text (.txt, .md and text under any other name): passed through as decoded.

Only zero-width characters and carriage returns go; Markdown pipe tables, line-per-cell
layouts and spacing stay exactly as written, because the parser reads them as they are.
"""

from __future__ import annotations

from xxgk.errors import ReportError
from xxgk.readers.document import Document, drop_invisibles


def read_text(path: str, text: str, encoding: str, warnings: tuple[str, ...] = ()) -> Document:
    """Wrap decoded text in a Document; ReportError if it holds nothing but blank space."""
    text = drop_invisibles(text)
    if not text or text.isspace():
        raise ReportError(path, "the file has no text, only blank space")
    return Document(path, "text", text, encoding, tuple(warnings))
