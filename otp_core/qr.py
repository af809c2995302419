"""QR codes as standalone SVG documents, for the sample keys and the demo's setup page."""

from __future__ import annotations

import re

import qrcode
import qrcode.constants

QR_MASK = 2
"""QR mask pattern used for every code (see qr_svg)."""

DARK_RUN = re.compile(b"\x01+")

_VERSIONS: dict[tuple[tuple[int, int], ...], int] = {}
"""The smallest version for each sequence of segment modes and lengths (the version depends on those only)."""


def qr_svg(uri: str) -> str:
    """The QR code of ``uri`` as a standalone SVG document (pure: callers may cache it by input).

    qrcode encodes; the SVG is one path with a rectangle per run of dark modules.
    The mask is fixed instead of scored (ISO/IEC 18004 section 7.8): scoring all
    eight masks is most of qrcode's time, and any mask decodes.
    """
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, mask_pattern=QR_MASK)
    code.add_data(uri)
    segments = tuple((segment.mode, len(segment)) for segment in code.data_list)
    if segments not in _VERSIONS:
        _VERSIONS[segments] = code.best_fit()
    code.version = _VERSIONS[segments]
    code.make(fit=False)
    matrix = code.get_matrix()
    runs = [
        f"M{start} {y}h{end - start}v1H{start}z"
        for y, row in enumerate(matrix)
        for start, end in (run.span() for run in DARK_RUN.finditer(bytes(row)))
    ]
    size = len(matrix)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>'
    )
