"""Seeded generation of sample products shaped like lines of the catalog import format."""

from __future__ import annotations

import math
import random
import string
from dataclasses import dataclass
from decimal import Decimal

from sample.aisles import BRANDS, CARE, QUALIFIERS, SHELVES, Shelf


@dataclass(frozen=True)
class SampleProduct:
    """One invented product, with the fields of a line of the real import format."""

    c1: str
    c2: str
    c3: str
    name: str
    brand: str
    intro: str
    detail: str
    price: Decimal
    original_price: Decimal
    stock: int
    asin: str
    image: str  # relative to the media root that write_covers fills
    on_sale: bool  # listed in the store; False for the few taken off sale

    @property
    def short_name(self) -> str:
        """The name without brand and pack size: "Dark Roast Ground Coffee"."""
        return self.name.split(", ")[0].removeprefix(self.brand).strip()


_ASIN_CHARS = string.ascii_uppercase + string.digits
_CENT_ENDINGS = (99, 99, 49, 95, 79, 29)  # shelf prices cluster on .99 like real ones
_SHARE_DISCOUNTED = 0.2
_SHARE_OFF_SALE = 0.05
_SHARE_OUT_OF_STOCK = 0.04


def generate_products(count: int = 400, seed: int = 7) -> list[SampleProduct]:
    """`count` distinct products spread evenly over every level-3 category; same seed, same list."""
    # A string seed hashes with SHA-512, so the result does not depend on PYTHONHASHSEED.
    rng = random.Random(f"mall-sample-products:{seed}")
    products: list[SampleProduct] = []
    names: set[str] = set()
    asins: set[str] = set()
    order: list[Shelf] = []
    for _ in range(count):
        if not order:
            # Dealing shelves from reshuffled decks keeps every category near count / 50.
            order = list(SHELVES)
            rng.shuffle(order)
        shelf = order.pop()
        products.append(_product(rng, shelf, names, asins))
    return products


def _product(rng: random.Random, shelf: Shelf, names: set[str], asins: set[str]) -> SampleProduct:
    for _ in range(100):
        brand = rng.choice(BRANDS[shelf.c1])
        variant, taste = rng.choice(shelf.variants)
        size_index = rng.randrange(len(shelf.sizes))
        qualifier = rng.choice(QUALIFIERS[shelf.c1]) if rng.random() < 0.35 else None
        words = [brand, qualifier[0] if qualifier else "", variant, shelf.noun]
        name = " ".join(w for w in words if w) + ", " + shelf.sizes[size_index]
        if name not in names:
            break
    else:
        raise ValueError(f"ran out of distinct names for {shelf.c3}; ask for fewer products")
    names.add(name)

    asin = "S" + "".join(rng.choices(_ASIN_CHARS, k=9))
    while asin in asins:
        asin = "S" + "".join(rng.choices(_ASIN_CHARS, k=9))
    asins.add(asin)

    price = _price(rng, shelf, size_index)
    original = price
    if rng.random() < _SHARE_DISCOUNTED:
        cents = int(price * 100 / Decimal(rng.choice(("0.9", "0.85", "0.8", "0.75", "0.7"))))
        original = Decimal(cents // 100 * 100 + 99) / 100
    stock = 0 if rng.random() < _SHARE_OUT_OF_STOCK else rng.randint(3, 400)
    return SampleProduct(
        c1=shelf.c1,
        c2=shelf.c2,
        c3=shelf.c3,
        name=name,
        brand=brand,
        intro=_intro(rng, shelf, brand, variant, taste, qualifier),
        detail=_detail(rng, shelf, variant, taste, qualifier),
        price=price,
        original_price=original,
        stock=stock,
        asin=asin,
        image=f"covers/{asin}.svg",
        on_sale=rng.random() >= _SHARE_OFF_SALE,
    )


def _price(rng: random.Random, shelf: Shelf, size_index: int) -> Decimal:
    low, high = shelf.price
    # Log-uniform within the shelf's range, nudged up for bigger packs.
    share = rng.random() * 0.6 + 0.4 * size_index / max(1, len(shelf.sizes) - 1)
    dollars = math.exp(math.log(low) + share * (math.log(high) - math.log(low)))
    cents = max(1, int(dollars)) * 100 - 100 + rng.choice(_CENT_ENDINGS)
    return Decimal(max(cents, 99)) / 100


def _intro(
    rng: random.Random,
    shelf: Shelf,
    brand: str,
    variant: str,
    taste: str,
    qualifier: tuple[str, str] | None,
) -> str:
    label = _label(shelf, variant)
    claim = f"{qualifier[0]} " if qualifier else ""
    templates = (
        f"{label} from {brand}: {taste}.",
        f"{brand}'s {claim}{label}, a favorite of every {shelf.fan}.",
        f"{claim}{label}, {taste}.",
        f"{label} for {rng.choice(shelf.uses)}, from {brand}.",
    )
    return _capitalize(rng.choice(templates))


def _detail(
    rng: random.Random, shelf: Shelf, variant: str, taste: str, qualifier: tuple[str, str] | None
) -> str:
    label = _label(shelf, variant)
    # "These chips offer", "This coffee offers": agreement is what makes the prose read human.
    plural = label.endswith("s")
    first = rng.choice(
        (
            f"{'These' if plural else 'This'} {label} {'offer' if plural else 'offers'} {taste}.",
            f"Expect {taste}.",
            f"Every cup brings {taste}." if shelf.c1 == "Beverages" else f"Every bite brings {taste}.",
            f"Our {label} {'are' if plural else 'is'} all about {taste}.",
        )
    )
    picked = rng.sample(shelf.ingredients, k=min(len(shelf.ingredients), rng.randint(1, 3)))
    uses = rng.sample(shelf.uses, k=2)
    rest = [
        rng.choice(("Made with ", "Ingredients include ", "Crafted from ")) + f"{_listing(picked)}.",
        rng.choice(("Great for ", "Ideal for ", "A smart pick for ", "Try it for "))
        + f"{uses[0]} or {uses[1]}.",
        shelf.origin.format(place=_place(rng, shelf, variant)),
        CARE[shelf.c1],
    ]
    rng.shuffle(rest)
    # The name's claim always stays and the gift line mostly does (search wants "gift for a
    # coffee lover" to land); the rest fill up to 3-5 sentences so texts vary in skeleton.
    kept = [qualifier[1]] if qualifier else []
    if shelf.gift and rng.random() < 0.75:
        wrapping = rng.choice(("a gift-ready tin", "a handsome gift box", "elegant packaging"))
        kept.append(f"Packed in {wrapping}, it makes a thoughtful gift for any {shelf.fan}.")
    room = max(1, rng.randint(3, 5) - 1 - len(kept))
    body = rest[:room] + kept
    rng.shuffle(body)
    sentences = [first, *body]
    return " ".join(_capitalize(s) for s in sentences)


def _place(rng: random.Random, shelf: Shelf, variant: str) -> str:
    # A "Kenya AA" coffee must come from Kenya, not from wherever the dice say.
    named = [place for place in shelf.places if place.split(",")[0] in variant]
    return named[0] if named else rng.choice(shelf.places)


def _label(shelf: Shelf, variant: str) -> str:
    # Variants keep their capitals (Earl Grey, Colombian); the shelf noun reads as a common noun.
    return f"{variant} {shelf.noun.lower()}".strip()


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _capitalize(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]
