"""Package size parsed from a product name: '25 oz', '28-Ounce (Pack of 3)', '12 count', '500 g'."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# Weights and volumes on one scale (grams; a millilitre of a grocery liquid counts as a gram), so
# '16 fl oz' and '16 oz' compare; the unit price is per 100 of them.
_UNIT_GRAMS = {
    "fl oz": 29.5735,
    "fl. oz": 29.5735,
    "fluid ounces": 29.5735,
    "fluid ounce": 29.5735,
    "ounces": 28.3495,
    "ounce": 28.3495,
    "oz": 28.3495,
    "pounds": 453.592,
    "pound": 453.592,
    "lbs": 453.592,
    "lb": 453.592,
    "kilograms": 1000.0,
    "kilogram": 1000.0,
    "kg": 1000.0,
    "grams": 1.0,
    "gram": 1.0,
    "gr": 1.0,
    "g": 1.0,
    "milliliters": 1.0,
    "millilitres": 1.0,
    "ml": 1.0,
    "liters": 1000.0,
    "litres": 1000.0,
    "liter": 1000.0,
    "litre": 1000.0,
    "l": 1000.0,
    "gallons": 3785.41,
    "gallon": 3785.41,
    "gal": 3785.41,
    "quarts": 946.353,
    "quart": 946.353,
    "qt": 946.353,
}
_NUMBER = r"(\d+(?:[.,]\d+)?|\.\d+)"
_AMOUNT = re.compile(
    _NUMBER
    + r"\s*-?\s*("
    + "|".join(re.escape(unit) for unit in sorted(_UNIT_GRAMS, key=len, reverse=True))
    + r")\.?(?![a-z])",
    re.IGNORECASE,
)
# Packs multiply the amount ('15-Ounce Cans (Pack of 12)'); counts are kept apart because
# '14 Oz, 8 Count' buns are 14 oz in all, while '12 fl oz cans, 12 count' is twelve cans.
_PACK = [
    re.compile(r"(?:pack|case|set|box|carton)\s+of\s+(\d+)", re.IGNORECASE),
    re.compile(r"(\d+)\s*-?\s*(?:pack|packs|pk)\b", re.IGNORECASE),
    re.compile(r"\b(\d+)\s*x\b|\bx\s*(\d+)\b", re.IGNORECASE),
]
_COUNT = re.compile(
    r"(\d+)\s*-?\s*(?:count|ct|pcs|pieces|bags|cans|bottles|jars|boxes|packets|pouches|bars|pods|k-cups)\b",
    re.IGNORECASE,
)
MAX_MULTIPLE = 1000


@dataclass(frozen=True, slots=True)
class PackageSize:
    """What the name says of the quantity: one unit's amount (grams), packs, and a count."""

    unit_grams: float | None
    unit_text: str | None
    packs: int = 1
    count: int = 1

    @property
    def total_grams(self) -> float | None:
        return None if self.unit_grams is None else self.unit_grams * self.packs

    @property
    def label(self) -> str | None:
        """'28 ounce × 3', '12 count': the parsed size as a reviewer would read it."""
        parts = []
        if self.unit_text:
            parts.append(self.unit_text)
        if self.packs > 1:
            parts.append(f"× {self.packs}")
        if self.count > 1:
            parts.append(f"{self.count} count")
        return " ".join(parts) or None

    def features(self) -> tuple[float, float, float, float]:
        """log total amount (0 when unknown), whether it is known, log packs, log count."""
        total = self.total_grams
        return (
            math.log(total) if total else 0.0,
            1.0 if total else 0.0,
            math.log(self.packs),
            math.log(self.count),
        )


def _multiple(pattern: re.Pattern[str], text: str) -> int:
    for match in pattern.finditer(text):
        value = next((int(group) for group in match.groups() if group), 1)
        if 1 < value <= MAX_MULTIPLE:
            return value
    return 1


def parse_size(name: str) -> PackageSize:
    """The first amount in the name (the unit size, in the names of this catalog) and its packs."""
    text = name.replace("&amp;", "&").lower()
    unit_grams: float | None = None
    unit_text: str | None = None
    amount = _AMOUNT.search(text)
    if amount:
        value = float(amount.group(1).replace(",", "."))
        if value > 0:
            unit_grams = value * _UNIT_GRAMS[amount.group(2).lower()]
            unit_text = f"{amount.group(1)} {amount.group(2).lower()}"
    packs = max(_multiple(pattern, text) for pattern in _PACK)
    return PackageSize(unit_grams, unit_text, packs, _multiple(_COUNT, text))
