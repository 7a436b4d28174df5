"""PDFium calls made once per character or page object, bound to pass and return bare addresses,
and made in bulk.

pypdfium2's bindings declare typed pointers: every call checks each argument's type and wraps a
returned handle in a new pointer object, which costs more than PDFium's own work in these small
calls. A page has thousands of characters and objects, so :mod:`xxgk.readers.pdf` calls the same C
functions (taken from pypdfium2, with their C signatures unchanged) through prototypes that take and
give plain integers: about a third less per call. Everything else goes through pypdfium2 as usual.

The bulk helpers make one such call per character or object without a line of Python between
them (``map`` over the bound function), and PDFium writes every character's box into one float
array, read back at once as a numpy array: a Python loop cost more than the calls themselves.
The call made once a character goes without argument types at all (see ``unchecked``).
"""

from __future__ import annotations

import ctypes
from functools import cache
from itertools import repeat
from types import SimpleNamespace

import numpy as np

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

    def unchecked(function, restype):
        """Without argument types: the caller passes only ctypes objects and ints that fit a C int,
        and ctypes hands them over as they are, without a conversion object for each (a third
        less a call, for the calls made once a character or page object)."""
        bound = ctypes.CFUNCTYPE(restype)(address(function))
        bound.argtypes = None
        return bound

    return SimpleNamespace(
        # (c_void_p text page, int index, byref FS_RECTF) -> bool
        loose_char_box_unchecked=unchecked(raw.FPDFText_GetLooseCharBox, c_int),
        # (text page, index) -> angle in radians, clockwise (-1 on error)
        char_angle=bind(raw.FPDFText_GetCharAngle, ctypes.c_float, _ADDRESS, c_int),
        # (c_void_p page, int index) -> page object; (form object, index) -> page object
        page_object_unchecked=unchecked(raw.FPDFPage_GetObject, _ADDRESS),
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


def loose_char_boxes(textpage: int, indices: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """PDFium's loose box of each character (``textpage`` an address): whether PDFium had one (a
    boolean array), and left, top, right, bottom (PDF coordinates, y up) per character (an m × 4
    array of the floats Python would make of them)."""
    m = len(indices)
    array = (ctypes.c_float * (4 * m))()  # FS_RECTF after FS_RECTF
    boxes = map(ctypes.byref, repeat(array, m), range(0, 16 * m, 16))
    found = list(map(calls().loose_char_box_unchecked, repeat(ctypes.c_void_p(textpage), m), indices, boxes))
    return np.array(found, dtype=bool), np.frombuffer(array, np.float32).reshape(m, 4).astype(np.float64)


def page_objects(holder: int, form: bool = False) -> tuple[list[int], list[int]]:
    """The objects of a page (its address), or with ``form`` of a form object, and their types."""
    pdfium = calls()
    if form:  # rare: through the checked binding (a form's index is an unsigned long)
        count = pdfium.count_form_objects(holder)
        objects = list(map(pdfium.form_object, repeat(holder, count), range(count)))
    else:
        count = pdfium.count_page_objects(holder)
        objects = list(map(pdfium.page_object_unchecked, repeat(ctypes.c_void_p(holder), count), range(count)))
    return objects, list(map(pdfium.object_type, objects))
