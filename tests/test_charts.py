"""Notebook charts render Chinese with a CJK font registered by file, and missing glyphs are not silenced."""
from __future__ import annotations

import warnings

import pytest

from kg.charts import find_cjk_font, use_cjk_font
from kg.errors import InputError

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

needs_font = pytest.mark.skipif(find_cjk_font() is None, reason="no CJK font installed (fonts-noto-cjk)")


@needs_font
def test_chinese_title_renders_without_a_missing_glyph(tmp_path):
    import matplotlib.pyplot as plt

    name = use_cjk_font()
    assert name in matplotlib.rcParams["font.sans-serif"][0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a "Glyph … missing" warning would fail here
        fig, ax = plt.subplots()
        ax.bar(["市科委", "市经济信息化委"], [50, 30])
        ax.set_title("牵头与配合职责 lead and co-responsible duties")
        fig.savefig(tmp_path / "chart.png")
        plt.close(fig)
    assert (tmp_path / "chart.png").stat().st_size > 5000


@needs_font
def test_strict_mode_turns_a_missing_glyph_into_an_error(tmp_path):
    import matplotlib.pyplot as plt

    with warnings.catch_warnings():
        use_cjk_font(strict=True)
        fig, ax = plt.subplots()
        ax.set_title("\U0001d11e")  # a musical G clef: in no CJK font
        with pytest.raises(UserWarning, match="missing"):
            fig.savefig(tmp_path / "chart.png")
        plt.close(fig)


def test_a_missing_font_file_is_reported(tmp_path):
    with pytest.raises(InputError, match="fonts-noto-cjk"):
        use_cjk_font(tmp_path / "none.ttf")


@needs_font
def test_a_font_without_chinese_is_refused():
    import matplotlib.font_manager as fm

    dejavu = fm.findfont("DejaVu Sans")  # matplotlib ships it; it has no Chinese
    with pytest.raises(InputError, match="no glyph"):
        use_cjk_font(dejavu)
