"""Matplotlib charts that render Chinese: a CJK font registered explicitly, by file.

Naming a family in ``rcParams`` only works when matplotlib's font cache already lists it; a cache
built before the font was installed, or another family winning the name lookup, silently gives
boxes (and a "Glyph … missing" warning that notebooks used to filter away). :func:`use_cjk_font`
finds a CJK font *file*, adds it to the font manager, makes its family the default and returns
it. Missing glyphs keep warning; with ``strict=True`` they raise, so a chart that would show
boxes fails instead.
"""
from __future__ import annotations

import glob
import warnings
from pathlib import Path

from .errors import InputError

# Where Debian/Ubuntu (fonts-noto-cjk, fonts-wqy-zenhei), macOS and Windows keep CJK fonts.
# Simplified-Chinese faces first: matplotlib reads the first face of a .ttc, which in Debian's
# NotoSansCJK-Regular.ttc is the Japanese one (some glyphs drawn the Japanese way).
CJK_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)
CJK_FONT_GLOBS = ("/usr/share/fonts/**/*CJK*", "/usr/share/fonts/**/wqy*", "~/.fonts/**/*CJK*",
                  "~/.local/share/fonts/**/*CJK*")
PROBE = "部门协同职责牵头配合"  # characters every chart of kg prints


def find_cjk_font(extra: tuple[str, ...] = ()) -> Path | None:
    """The first installed CJK font file: ``extra`` paths first, then the known places."""
    for candidate in (*extra, *CJK_FONT_FILES):
        if Path(candidate).expanduser().is_file():
            return Path(candidate).expanduser()
    for pattern in CJK_FONT_GLOBS:
        for found in sorted(glob.glob(str(Path(pattern).expanduser()), recursive=True)):
            if found.lower().endswith((".ttc", ".ttf", ".otf")):
                return Path(found)
    return None


def use_cjk_font(path: str | Path | None = None, strict: bool = False) -> str:
    """Register a CJK font with matplotlib and make it the default family.

    Args:
        path: a font file to use; by default the first of :data:`CJK_FONT_FILES` installed.
        strict: turn matplotlib's "Glyph … missing" warnings into errors.

    Returns:
        The family name now used for every chart.

    Raises:
        InputError: no CJK font is installed (``apt-get install fonts-noto-cjk``), or the font
            lacks the characters kg's charts print.
    """
    from matplotlib import font_manager, rcParams

    font = Path(path) if path else find_cjk_font()
    if font is None or not font.is_file():
        raise InputError("no CJK font found for charts; install one (Debian/Ubuntu: apt-get install "
                         "fonts-noto-cjk) or pass use_cjk_font(path=...)", where=str(path or "charts"))
    font_manager.fontManager.addfont(str(font))
    name = font_manager.FontProperties(fname=str(font)).get_name()
    _check_glyphs(font)
    rcParams["font.family"] = "sans-serif"
    rcParams["font.sans-serif"] = [name, *[f for f in rcParams["font.sans-serif"] if f != name]]
    rcParams["axes.unicode_minus"] = False  # the CJK fonts lack U+2212; use the ASCII hyphen
    if strict:
        warnings.filterwarnings("error", message=r"Glyph \d+ .*missing from (current )?font")
    return name


def _check_glyphs(font: Path) -> None:
    from matplotlib.ft2font import FT2Font

    face = FT2Font(str(font))
    missing = [ch for ch in PROBE if face.get_char_index(ord(ch)) == 0]
    if missing:
        raise InputError(f"the font {font.name} has no glyph for {''.join(missing)}", where=str(font))
