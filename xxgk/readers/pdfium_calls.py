"""PDFium calls made once per character or page object, bound to pass and return bare addresses.

pypdfium2's bindings declare typed pointers: every call checks each argument's type and wraps a
returned handle in a new pointer object, which costs more than PDFium's own work in these small
calls. A page has thousands of characters and objects, so :mod:`xxgk.readers.pdf` calls the same C
functions (taken from pypdfium2, with their C signatures unchanged) through prototypes that take and
give plain integers: about a third less per call. Everything else goes through pypdfium2 as usual.
"""

from __future__ import annotations

import ctypes
from functools import cache
from types import SimpleNamespace

_ADDRESS = ctypes.c_void_p


def address(handle) -> int:
    """The address of a pypdfium2 handle (a typed pointer)."""
    return ctypes.cast(handle, _ADDRESS).value


@cache
def calls() -> SimpleNamespace:
    """The bound functions (made once)."""
    import pypdfium2.raw as raw

    def bind(function, restype, *argtypes):
        return ctypes.CFUNCTYPE(restype, *argtypes)(address(function))

    c_int, c_ulong = ctypes.c_int, ctypes.c_ulong
    return SimpleNamespace(
        # (text page, index, FS_RECTF*) -> bool
        loose_char_box=bind(raw.FPDFText_GetLooseCharBox, c_int, _ADDRESS, c_int, _ADDRESS),
        # (page, index) -> page object; (form object, index) -> page object
        page_object=bind(raw.FPDFPage_GetObject, _ADDRESS, _ADDRESS, c_int),
        form_object=bind(raw.FPDFFormObj_GetObject, _ADDRESS, _ADDRESS, c_ulong),
        count_page_objects=bind(raw.FPDFPage_CountObjects, c_int, _ADDRESS),
        count_form_objects=bind(raw.FPDFFormObj_CountObjects, c_int, _ADDRESS),
        object_type=bind(raw.FPDFPageObj_GetType, c_int, _ADDRESS),
        # (page object, float* left, float* bottom, float* right, float* top) -> bool
        bounds=bind(raw.FPDFPageObj_GetBounds, c_int, _ADDRESS, _ADDRESS, _ADDRESS, _ADDRESS, _ADDRESS),
        # paths: (path, int* fill mode, int* stroke) -> bool; (object, FS_MATRIX*) -> bool
        draw_mode=bind(raw.FPDFPath_GetDrawMode, c_int, _ADDRESS, _ADDRESS, _ADDRESS),
        matrix=bind(raw.FPDFPageObj_GetMatrix, c_int, _ADDRESS, _ADDRESS),
        count_segments=bind(raw.FPDFPath_CountSegments, c_int, _ADDRESS),
        segment=bind(raw.FPDFPath_GetPathSegment, _ADDRESS, _ADDRESS, c_int),
        segment_type=bind(raw.FPDFPathSegment_GetType, c_int, _ADDRESS),
        # (segment, float* x, float* y) -> bool
        segment_point=bind(raw.FPDFPathSegment_GetPoint, c_int, _ADDRESS, _ADDRESS, _ADDRESS),
    )
