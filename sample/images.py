"""Deterministic SVG covers for sample products, so the storefront shows images offline."""

from __future__ import annotations

import colorsys
import hashlib
import textwrap
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from sample.aisles import SHELVES
from sample.catalog import SampleProduct

_SIZE = 320
_FONT = "Helvetica, Arial, sans-serif"
_INK = "#2b2a28"

# Hue per level-1 category: a shopper tells the aisles apart at a glance.
_HUES: dict[str, float] = {
    "Beverages": 24,
    "Snacks": 42,
    "Pantry": 6,
    "Breakfast": 198,
    "Candy & Chocolate": 330,
    "Fruit & Vegetables": 105,
    "Dairy & Cheese": 258,
}
# Level-2 aisles of each level-1 category, in tree order: each gets its own shade.
_LEVEL2: dict[str, list[str]] = {
    c1: list(dict.fromkeys(shelf.c2 for shelf in SHELVES if shelf.c1 == c1))
    for c1 in dict.fromkeys(shelf.c1 for shelf in SHELVES)
}

# One simple icon per level-1 category, drawn in a 320 box around (160, 105); "{accent}" and
# "{bg}" are filled with the cover's colours.
_ICONS: dict[str, str] = {
    "Beverages": (
        '<path d="M116 78h78v42a39 39 0 0 1-78 0z" fill="#fff"/>'
        '<path d="M194 90a18 18 0 0 1 0 36" fill="none" stroke="#fff" stroke-width="9"/>'
        '<path d="M136 66c-8-10 8-16 0-28M156 66c-8-10 8-16 0-28M176 66c-8-10 8-16 0-28" '
        'fill="none" stroke="#fff" stroke-width="5" stroke-linecap="round" opacity="0.8"/>'
        '<rect x="104" y="160" width="102" height="8" rx="4" fill="{accent}"/>'
    ),
    "Snacks": (
        '<path d="M122 58h78l-8 108h-62z" fill="#fff"/>'
        '<path d="M122 58l6-10 7 10 6-10 7 10 6-10 7 10 6-10 7 10 6-10 7 10 6-10 7 10z" '
        'fill="#fff"/>'
        '<ellipse cx="160" cy="112" rx="24" ry="18" fill="{accent}"/>'
        '<ellipse cx="160" cy="112" rx="13" ry="9" fill="{bg}" opacity="0.7"/>'
    ),
    "Pantry": (
        '<rect x="132" y="48" width="56" height="18" rx="5" fill="{accent}"/>'
        '<rect x="120" y="64" width="80" height="104" rx="18" fill="#fff"/>'
        '<rect x="128" y="98" width="64" height="36" rx="5" fill="{accent}" opacity="0.85"/>'
    ),
    "Breakfast": (
        '<circle cx="138" cy="92" r="7" fill="#fff"/><circle cx="158" cy="84" r="7" fill="#fff"/>'
        '<circle cx="178" cy="92" r="7" fill="#fff"/><circle cx="150" cy="98" r="6" fill="#fff"/>'
        '<path d="M102 104h116a58 54 0 0 1-116 0z" fill="#fff"/>'
        '<rect x="112" y="112" width="96" height="8" rx="4" fill="{accent}"/>'
    ),
    "Candy & Chocolate": (
        '<path d="M126 108l-32-28v56zM194 108l32-28v56z" fill="#fff"/>'
        '<ellipse cx="160" cy="108" rx="40" ry="30" fill="#fff"/>'
        '<path d="M140 82l-10 52M162 78l-10 60M184 84l-10 50" stroke="{accent}" '
        'stroke-width="7" stroke-linecap="round"/>'
    ),
    "Fruit & Vegetables": (
        '<circle cx="146" cy="116" r="36" fill="#fff"/><circle cx="174" cy="116" r="36" '
        'fill="#fff"/>'
        '<rect x="157" y="54" width="7" height="26" rx="3" fill="{accent}"/>'
        '<ellipse cx="180" cy="64" rx="18" ry="8" fill="{accent}" transform="rotate(-25 180 64)"/>'
    ),
    "Dairy & Cheese": (
        '<path d="M100 156h122v-62l-122 34z" fill="#fff"/>'
        '<path d="M100 128l122-34-30-22z" fill="{accent}" opacity="0.85"/>'
        '<circle cx="130" cy="140" r="8" fill="{bg}"/><circle cx="170" cy="126" r="10" '
        'fill="{bg}"/><circle cx="200" cy="144" r="6" fill="{bg}"/>'
    ),
}


def render_cover_svg(product: SampleProduct) -> str:
    """A 320x320 SVG cover: aisle colour and icon, brand, short name and pack size."""
    background, accent, pale = _colours(product)
    digest = hashlib.sha256(product.asin.encode()).digest()
    # Soft circles placed by the asin make neighbouring covers in one aisle look different.
    bubbles = "".join(
        f'<circle cx="{digest[i] * _SIZE // 255}" cy="{digest[i + 1] * 170 // 255}" '
        f'r="{12 + digest[i + 2] % 36}" fill="#fff" opacity="0.12"/>'
        for i in range(0, 18, 3)
    )
    lines = textwrap.wrap(product.short_name, width=20)
    if len(lines) > 3:
        lines = [*lines[:2], textwrap.shorten(" ".join(lines[2:]), width=20, placeholder="…")]
    pill = min(296, 20 + round(6.8 * len(product.c3)))  # wide enough for the category name
    font_size = 21 if len(lines) < 3 else 18
    first_y = 232 if len(lines) > 1 else 244
    name = "".join(
        f'<text x="160" y="{first_y + i * (font_size + 4)}" font-size="{font_size}" '
        f'font-weight="700" fill="{_INK}" text-anchor="middle">{escape(line)}</text>'
        for i, line in enumerate(lines)
    )
    size = product.name.rsplit(", ", 1)[-1]
    icon = _ICONS[product.c1].format(accent=accent, bg=background)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_SIZE}" height="{_SIZE}" '
        f'viewBox="0 0 {_SIZE} {_SIZE}" role="img" font-family="{_FONT}">'
        f"<title>{escape(product.name)}</title>"
        f'<rect width="{_SIZE}" height="{_SIZE}" fill="{background}"/>'
        f"{bubbles}"
        f'<rect x="12" y="12" width="{pill}" height="22" rx="11" '
        f'fill="{pale}" opacity="0.9"/>'
        f'<text x="22" y="27" font-size="12" fill="{_INK}">{escape(product.c3)}</text>'
        f"{icon}"
        f'<rect x="16" y="186" width="288" height="120" rx="14" fill="#fff" opacity="0.94"/>'
        f'<text x="160" y="208" font-size="12" letter-spacing="2" fill="{accent}" '
        f'text-anchor="middle">{escape(product.brand.upper())}</text>'
        f"{name}"
        f'<text x="160" y="296" font-size="12" fill="#6b6864" text-anchor="middle">'
        f"{escape(size)}</text>"
        "</svg>"
    )


def write_covers(products: Iterable[SampleProduct], folder: Path) -> None:
    """Write each product's cover to folder / product.image (folder is the media root)."""
    for product in products:
        path = folder / product.image
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_cover_svg(product), encoding="utf-8")


def _colours(product: SampleProduct) -> tuple[str, str, str]:
    hue = _HUES.get(product.c1, 0) / 360
    aisles = _LEVEL2.get(product.c1, [product.c2])
    rank = aisles.index(product.c2) if product.c2 in aisles else 0
    lightness = 0.62 - 0.08 * rank
    return (
        _hex(hue, lightness, 0.55),
        _hex(hue, 0.32, 0.6),
        _hex(hue, 0.9, 0.6),
    )


def _hex(hue: float, lightness: float, saturation: float) -> str:
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"
