"""Seeded sample shoppers and the reviews they write about sample products."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from sample.aisles import AISLES, SHELVES
from sample.catalog import SampleProduct


@dataclass(frozen=True)
class SampleUser:
    """An invented shopper."""

    username: str
    nickname: str
    signature: str
    email: str


@dataclass(frozen=True)
class SampleReview:
    """One shopper's review of one product; stars agree with the text's sentiment."""

    product_asin: str
    username: str
    stars: int
    title: str
    text: str
    days_ago: int


# fmt: off
# Word lists are laid out by hand, several words a line; the formatter would put one a line.
_FIRST_NAMES = (
    "Mira", "Theo", "Ada", "Jonah", "Priya", "Felix", "Rosa", "Malik", "Hana", "Oscar", "Leah",
    "Tomas", "Nadia", "Eli", "Ingrid", "Ravi", "Clara", "Dmitri", "Yuki", "Santiago", "Amara",
    "Bennett", "Lucia", "Kofi", "Greta", "Omar", "Sienna", "Pablo", "Wren", "Hugo", "Talia",
    "Idris", "Maeve", "Jun", "Esme", "Caleb", "Farah", "Nico", "Imogen", "Arjun",
)
_LAST_NAMES = (
    "Hollis", "Okafor", "Lindqvist", "Marchetti", "Tanaka", "Brennan", "Alvarez", "Kowalski",
    "Nguyen", "Fairbanks", "Castellano", "Haddad", "Whitlock", "Osei", "Petrov", "Delacroix",
    "Sorensen", "Mbeki", "Quintero", "Ashworth", "Rahman", "Kaur", "Moreau", "Ellison",
    "Vasquez", "Iverson", "Takeda", "Oyelaran", "Bianchi", "Thorne",
)
_SIGNATURES = (
    "Home cook and weekend baker.", "Coffee first, questions later.", "Tea hoarder, proudly.",
    "Feeding a family of five on a budget.", "Always hunting for the perfect hot sauce.",
    "Trail runner who lives on snacks.", "Cheese board enthusiast.",
    "Gluten-free since 2019 and still eating well.", "Learning to cook one recipe at a time.",
    "Dark chocolate is a food group.", "Meal prep every Sunday.", "I review everything I buy.",
    "Grandma's recipes, modern pantry.", "Vegan and curious.", "Night-shift nurse, big on tea.",
    "Spice collector.", "Just here for the deals.", "Pasta night is sacred.",
    "Baking bread badly, improving slowly.", "Snack scout for the office.",
)

# Stars first, then words that fit them: the text never contradicts its rating.
_STAR_WEIGHTS = (0.09, 0.07, 0.12, 0.27, 0.45)  # online grocery ratings skew high
_FRESH_GOOD = (
    "Fresh, with a best-by date months away", "Everything was fresh and sealed tight",
    "Fresher than what I find at my local store",
)
_FRESH_BAD = (
    "Tasted stale right out of the package", "Expired a week after it arrived",
    "Stale, like it sat in a warehouse for a year",
)
_PACKAGING_GOOD = ("Well packed, nothing broken", "Sturdy packaging, it arrived in perfect shape")
_PACKAGING_BAD = ("The seal was broken when it arrived", "The package arrived damaged")
_VALUE_GOOD = (
    "Great value for the price", "Cheaper than my grocery store", "Worth every penny",
)
_VALUE_BAD = (
    "Way overpriced for such a small package", "A waste of money", "Not worth the price",
)
_DELIVERY_GOOD = ("Arrived two days early", "Fast shipping", "Delivered right on time")
_DELIVERY_BAD = ("Took almost two weeks to arrive", "Delivery was late and the box was soaked")
_MILD_COMPLAINTS = (
    "it's a bit pricey", "the package is smaller than I expected",
    "shipping took a few extra days", "I wish the bag were resealable",
    "the label was scuffed",
)
_PRAISE_ANY = (
    "Best {thing} I've had in years", "I love this {thing}", "Absolutely delicious",
    "Excellent {thing}, my whole family agrees",
)
_COMPLAINT_ANY = (
    "Worst {thing} I've bought online", "Terrible {thing}, nothing like the description",
    "Awful aftertaste",
)
_CLOSE_GOOD = (
    "Will definitely buy again.", "Highly recommend.", "Already ordered a second one.",
    "My whole family loves it.", "A new pantry staple for us.",
)
_CLOSE_MIXED = (
    "It's okay overall.", "Might try a different flavor next time.",
    "Decent, but I expected more.", "Probably won't reorder, but it's fine.",
)
_CLOSE_BAD = (
    "Won't be ordering again.", "Save your money.", "Very disappointed.",
    "Returning it.", "Total waste.",
)
_TITLES: dict[int, tuple[str, ...]] = {
    5: ("Absolutely delicious", "Will buy again", "My new favorite {thing}", "Love this {thing}",
        "Perfect every time", "Best {thing} ever", "Excellent quality", "Worth every penny",
        "A pantry staple", "Five stars, no question"),
    4: (
        "Really good {thing}",
        "Pretty good overall",
        "Solid choice",
        "Good {thing}, would rebuy",
        "Very nice {thing}",
        "Nearly five stars",
    ),
    3: (
        "Just okay",
        "Not bad, not great",
        "Average {thing}",
        "Mixed feelings",
        "Good taste, some issues",
        "Fine, nothing special",
    ),
    2: ("Not worth it", "Disappointing {thing}", "Expected better", "Bland and overpriced",
        "Would not reorder"),
    1: ("Stale and bland", "Arrived damaged", "Save your money", "Terrible {thing}",
        "Complete waste of money", "Do not buy"),
}
# fmt: on
_GIFT_TITLE = "Great gift idea"
_THING = {shelf.c3: shelf.thing for shelf in SHELVES}
_GIFTABLE = {shelf.c3 for shelf in SHELVES if shelf.gift}


def generate_users(count: int = 30, seed: int = 7) -> list[SampleUser]:
    """`count` shoppers with distinct usernames and emails; same seed, same list."""
    rng = random.Random(f"mall-sample-users:{seed}")
    users: list[SampleUser] = []
    taken: set[str] = set()
    while len(users) < count:
        first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
        username = rng.choice(
            (
                f"{first}.{last}".lower(),
                f"{first}{last[0]}{rng.randint(1, 99)}".lower(),
                f"{first}_{rng.choice(('cooks', 'bakes', 'snacks', 'sips', 'eats'))}".lower(),
            )
        )
        if username in taken:
            continue
        taken.add(username)
        users.append(
            SampleUser(
                username=username,
                nickname=rng.choice((f"{first} {last[0]}.", first, f"{first} {last}")),
                signature=rng.choice(_SIGNATURES),
                # example.com is reserved for documentation: no mail ever reaches anyone.
                email=f"{username}@example.com",
            )
        )
    return users


def generate_reviews(
    products: Sequence[SampleProduct],
    users: Sequence[SampleUser],
    seed: int = 7,
    per_product: tuple[int, int] = (0, 12),
) -> list[SampleReview]:
    """Between per_product[0] and [1] reviews a product, at most one per user and product."""
    rng = random.Random(f"mall-sample-reviews:{seed}")
    low, high = per_product
    high = min(high, len(users))
    low = min(low, high)  # never ask one shopper to review a product twice
    reviews: list[SampleReview] = []
    for product in products:
        # Popularity is long-tailed: many products have 0-2 reviews, a few have a dozen.
        count = max(low, min(high, int(rng.expovariate(1 / 4.5))))
        # Some products are simply better: their ratings cluster higher.
        quality = rng.gauss(0, 0.9)
        for user in rng.sample(list(users), k=count):
            weights = [w * 1.6 ** (quality * (i - 2)) for i, w in enumerate(_STAR_WEIGHTS)]
            stars = rng.choices(range(1, 6), weights=weights)[0]
            reviews.append(
                SampleReview(
                    product_asin=product.asin,
                    username=user.username,
                    stars=stars,
                    title=_title(rng, product, stars),
                    text=_text(rng, product, stars),
                    days_ago=rng.randint(1, 730),
                )
            )
    return reviews


def _title(rng: random.Random, product: SampleProduct, stars: int) -> str:
    if stars == 5 and product.c3 in _GIFTABLE and rng.random() < 0.15:
        return _GIFT_TITLE
    return rng.choice(_TITLES[stars]).format(thing=_THING[product.c3])


def _text(rng: random.Random, product: SampleProduct, stars: int) -> str:
    aisle = AISLES[product.c2]
    thing = _THING[product.c3]
    good_aspects = [
        _FRESH_GOOD,
        _PACKAGING_GOOD,
        _VALUE_GOOD,
        _DELIVERY_GOOD,
        tuple(p.format(thing=thing) for p in _PRAISE_ANY),
    ]
    bad_aspects = [
        _FRESH_BAD,
        _PACKAGING_BAD + (aisle.damage,) * 2,
        _VALUE_BAD,
        _DELIVERY_BAD,
        tuple(p.format(thing=thing) for p in _COMPLAINT_ANY),
    ]

    def good(n: int) -> list[str]:
        # Taste leads: it is what grocery buyers mostly write about.
        return [rng.choice(aisle.praise)] + [
            rng.choice(aspect) for aspect in rng.sample(good_aspects, k=n - 1)
        ]

    def bad(n: int) -> list[str]:
        return [rng.choice(aisle.complaints)] + [
            rng.choice(aspect) for aspect in rng.sample(bad_aspects, k=n - 1)
        ]

    if stars == 5:
        sentences = [s + "." for s in good(rng.randint(1, 3))]
        sentences.append(rng.choice(_CLOSE_GOOD))
    elif stars == 4:
        sentences = [s + "." for s in good(rng.randint(1, 2))]
        sentences.append(
            rng.choice(("Only complaint: ", "My one gripe is that ")) + (rng.choice(_MILD_COMPLAINTS) + ".")
        )
    elif stars == 3:
        # "Arrived crushed but tastes great": one good and one bad point in the same breath.
        upside, downside = good(1)[0], rng.choice(rng.choice(bad_aspects[:4]))
        if rng.random() < 0.5:
            verdict = f"{upside}, but {_lower_first(downside)}."
        else:
            # Packaging, price or delivery only: "stale, but tastes good" would contradict itself.
            downside = rng.choice(rng.choice(bad_aspects[1:4]))
            tastes = "taste" if thing.endswith("s") else "tastes"
            verdict = f"{downside}, but the {thing} {tastes} {rng.choice(('good', 'fine'))}."
        sentences = [verdict, rng.choice(_CLOSE_MIXED)]
    else:
        sentences = [s + "." for s in bad(rng.randint(1, 3) if stars == 1 else rng.randint(1, 2))]
        sentences.append(rng.choice(_CLOSE_BAD if stars == 1 else (*_CLOSE_BAD, *_CLOSE_MIXED)))
    return " ".join(sentences)


def _lower_first(sentence: str) -> str:
    first = sentence.split(" ", 1)[0]
    if first == "I" or first.startswith("I'"):
        return sentence
    return sentence[:1].lower() + sentence[1:]
