"""The sample category tree and the hand-written words each aisle's products and reviews use."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Shelf:
    """One level-3 category: its place in the tree and the words its products are written with."""

    c1: str
    c2: str
    c3: str
    noun: str  # the product noun closing a name: "Ground Coffee"; "" where variants say it
    thing: str  # what a buyer calls it in a review title: "coffee"
    price: tuple[float, float]  # plausible shelf price range in dollars, smallest size first
    sizes: tuple[str, ...]  # smallest first: larger packs cost more
    variants: tuple[tuple[str, str], ...]  # (words in the name, how it tastes)
    ingredients: tuple[str, ...]
    uses: tuple[str, ...]  # fits "Great for ___."
    origin: str  # a sentence with {place}
    places: tuple[str, ...]
    fan: str  # who it delights, for gift and intro lines: "coffee lover"
    gift: bool = False  # worth offering as a present (gift tins, boxes)


@dataclass(frozen=True)
class Aisle:
    """One level-2 category: how buyers talk about its taste in reviews."""

    praise: tuple[str, ...]
    complaints: tuple[str, ...]
    damage: str  # how this kind of goods arrives broken


def _shelf(
    path: str,
    noun: str,
    thing: str,
    price: tuple[float, float],
    sizes: str,
    variants: dict[str, str],
    ingredients: str,
    uses: str,
    origin: str,
    places: str,
    fan: str,
    *,
    gift: bool = False,
) -> Shelf:
    # Lists are written as "a; b; c" strings so the vocabulary below reads like a table.
    c1, c2, c3 = path.split(" > ")
    return Shelf(
        c1=c1,
        c2=c2,
        c3=c3,
        noun=noun,
        thing=thing,
        price=price,
        sizes=tuple(sizes.split("; ")),
        variants=tuple(variants.items()),
        ingredients=tuple(ingredients.split("; ")),
        uses=tuple(uses.split("; ")),
        origin=origin,
        places=tuple(places.split("; ")),
        fan=fan,
        gift=gift,
    )


# fmt: off
# The vocabulary is laid out by hand as a table, one shelf a block; the formatter would put
# every word on its own line.
SHELVES: tuple[Shelf, ...] = (
    # ---- Beverages
    _shelf(
        "Beverages > Coffee > Ground Coffee", "Ground Coffee", "coffee", (7, 19),
        "10 oz; 12 oz; 2 lb",
        {
            "Dark Roast": "deep cocoa notes and a smoky, bold finish",
            "Medium Roast": "a balanced cup with caramel sweetness and a clean finish",
            "French Roast": "an intense, smoky body with low acidity",
            "Breakfast Blend": "a bright, mellow cup with hints of toasted nuts",
            "Hazelnut Cream": "a smooth medium roast with a sweet hazelnut aroma",
            "Colombian Supremo": "a nutty, chocolatey cup with gentle citrus brightness",
            "Decaf House Blend": "full flavor without the caffeine, smooth and never bitter",
        },
        "100% Arabica coffee; Arabica beans roasted in small batches; "
        "a blend of Central and South American beans",
        "brewing in a drip machine or French press; slow weekend mornings; "
        "cold brew steeped overnight; the office coffee station",
        "The beans are grown on high-altitude family farms in {place}.",
        "Colombia; Guatemala; Ethiopia; Brazil; Costa Rica; Honduras",
        "coffee lover", gift=True,
    ),
    _shelf(
        "Beverages > Coffee > Whole Bean Coffee", "Whole Bean Coffee", "coffee beans", (11, 26),
        "12 oz; 2 lb; 5 lb",
        {
            "Single Origin Ethiopia": "bright blueberry and jasmine notes with a tea-like body",
            "Espresso Roast": "a syrupy body with dark chocolate and molasses notes",
            "Sumatra Dark": "an earthy, full-bodied cup with cedar and spice",
            "Italian Roast": "a bittersweet, smoky intensity made for espresso",
            "Kenya AA": "juicy blackcurrant acidity and a winey finish",
            "Holiday Blend": "warm notes of cinnamon, dark cherry and brown sugar",
        },
        "specialty-grade Arabica beans; beans roasted to order; shade-grown Arabica",
        "home espresso machines; grinding fresh for pour-over; gifting to a coffee snob; "
        "a burr grinder and a slow Sunday",
        "Every lot is sourced directly from growers in {place}.",
        "Ethiopia; Kenya; Sumatra; Guatemala; Peru; Rwanda",
        "coffee lover", gift=True,
    ),
    _shelf(
        "Beverages > Coffee > Coffee Pods", "Coffee Pods", "pods", (9, 32),
        "12 Count; 24 Count; 72 Count",
        {
            "Bold Morning": "a strong, roasty cup that wakes you up",
            "Vanilla Caramel": "a sweet vanilla and buttery caramel aroma",
            "Mild Blend": "a light, smooth cup with a soft nutty finish",
            "Mocha Swirl": "rich chocolate notes layered over a medium roast",
            "Extra Bold Decaf": "bold flavor with none of the caffeine",
        },
        "100% Arabica coffee; natural flavors; recyclable pods",
        "single-serve brewers; busy mornings; the break room; a quick afternoon pick-me-up",
        "Roasted and packed in {place}.", "Vermont; Oregon; Washington; Colorado",
        "coffee drinker",
    ),
    _shelf(
        "Beverages > Tea > Black Tea", "Black Tea", "tea", (4, 15),
        "20 Tea Bags; 50 Tea Bags; 8 oz Loose Leaf",
        {
            "Earl Grey": "fragrant bergamot over a brisk black tea",
            "English Breakfast": "a malty, robust cup that takes milk well",
            "Masala Chai": "warming cardamom, ginger, cinnamon and black pepper",
            "Assam Gold": "a bold, malty body with honeyed notes",
            "Smoky Lapsang": "a campfire smokiness with a smooth finish",
        },
        "black tea leaves; bergamot oil; cardamom; ginger; cinnamon; cloves",
        "a cozy afternoon cup; iced tea by the pitcher; chai lattes at home; "
        "a proper breakfast tea with milk",
        "The leaves are picked on hillside estates in {place}.",
        "Assam, India; Darjeeling, India; Sri Lanka; Kenya; Yunnan, China",
        "tea lover", gift=True,
    ),
    _shelf(
        "Beverages > Tea > Green Tea", "Green Tea", "green tea", (5, 22),
        "20 Tea Bags; 40 Tea Bags; 3.5 oz Tin",
        {
            "Jasmine Pearl": "a sweet, floral jasmine aroma and a silky finish",
            "Ceremonial Matcha": "a vivid, grassy umami with a creamy froth",
            "Sencha": "a fresh, vegetal cup with a gentle sweetness",
            "Mint Green": "cool spearmint over a light green tea",
            "Genmaicha": "toasty roasted rice and a mellow, nutty body",
        },
        "whole-leaf green tea; stone-ground tea leaves; spearmint; roasted brown rice",
        "a calm morning ritual; matcha lattes; an afternoon without the coffee jitters; "
        "iced green tea in summer",
        "Harvested in early spring in {place}.", "Uji, Japan; Shizuoka, Japan; Fujian, China",
        "tea lover", gift=True,
    ),
    _shelf(
        "Beverages > Tea > Herbal Tea", "Herbal Tea", "herbal tea", (4, 12),
        "20 Tea Bags; 40 Tea Bags",
        {
            "Chamomile Honey": "soft apple-like chamomile with a touch of honey",
            "Peppermint": "a cool, clean mint that settles the stomach",
            "Ginger Turmeric": "spicy ginger warmth with earthy turmeric",
            "Hibiscus Berry": "a tart, ruby-red cup bursting with berries",
            "Lemon Balm Evening": "a gentle citrus calm for the end of the day",
            "Rooibos Vanilla": "a naturally sweet red bush tea with creamy vanilla",
        },
        "chamomile flowers; peppermint leaves; ginger root; turmeric; hibiscus; rooibos; "
        "dried lemon peel",
        "winding down before bed; a caffeine-free afternoon; soothing a sore throat; "
        "iced herbal coolers",
        "Blended from herbs grown in {place}.", "Egypt; Oregon; South Africa; Germany; Croatia",
        "tea drinker",
    ),
    _shelf(
        "Beverages > Juice & Water > Fruit Juice", "Juice", "juice", (3, 9),
        "32 fl oz; 6 Pack; 12 Pack",
        {
            "Cold-Pressed Orange": "a bright, pulpy squeeze of sweet oranges",
            "Tart Cherry": "a deep, tart cherry flavor with natural sweetness",
            "Apple Cider": "crisp, spiced apple like a fall orchard",
            "Pomegranate Blueberry": "a rich, tangy mix of dark fruits",
            "Tropical Mango": "sunny mango and passion fruit",
        },
        "pressed whole fruit; a squeeze of lemon; added vitamin C",
        "breakfast with the family; lunch boxes; smoothies; mixing mocktails",
        "Pressed from fruit grown in {place}.", "Florida; Michigan; Washington; California",
        "juice fan",
    ),
    _shelf(
        "Beverages > Juice & Water > Sparkling Water", "Sparkling Water", "sparkling water",
        (4, 14), "8 Pack; 12 Pack; 24 Pack",
        {
            "Lime Zest": "crisp bubbles with a squeeze of lime",
            "Grapefruit": "a zingy pink grapefruit twist",
            "Black Cherry": "a hint of dark cherry and fine bubbles",
            "Unflavored Mineral": "clean, lively bubbles with a mineral edge",
            "Cucumber Mint": "cool cucumber and garden mint",
        },
        "carbonated spring water; natural fruit essence; zero calories",
        "replacing soda; the office fridge; cocktail mixers; staying hydrated at the gym",
        "Bottled at the source in {place}.", "the Vermont hills; the Italian Alps; Maine",
        "soda quitter",
    ),
    # ---- Snacks
    _shelf(
        "Snacks > Chips & Crackers > Potato Chips", "Potato Chips", "chips", (2, 6),
        "5 oz Bag; 8 oz Bag; 6 Pack",
        {
            "Kettle Cooked Sea Salt": "a thick, crunchy chip with a clean salty bite",
            "Spicy Jalapeno": "a spicy jalapeno kick that builds with every chip",
            "Salt & Vinegar": "a sharp, mouth-puckering vinegar tang",
            "Sour Cream & Onion": "cool, creamy onion flavor",
            "Smoky Barbecue": "sweet and smoky barbecue with a little heat",
            "Ghost Pepper": "a fiery, seriously spicy heat for chili heads",
        },
        "potatoes; sunflower oil; sea salt; jalapeno powder; apple cider vinegar; "
        "smoked paprika",
        "game day; lunch boxes; road trips; late-night snacking",
        "Kettle-cooked in small batches in {place}.", "Idaho; Maine; Pennsylvania; Wisconsin",
        "snacker",
    ),
    _shelf(
        "Snacks > Chips & Crackers > Tortilla Chips", "Tortilla Chips", "tortilla chips",
        (3, 7), "9 oz Bag; 13 oz Bag; 4 Pack",
        {
            "Restaurant Style": "a light, crispy corn chip made for dipping",
            "Chili Lime": "zesty lime and a slow, spicy chili heat",
            "Blue Corn": "a hearty, toasty corn flavor",
            "Nacho Cheese": "a bold, cheesy crunch",
            "Habanero": "a bold, spicy habanero burn",
        },
        "stone-ground corn; avocado oil; lime juice; chili powder; cheddar cheese",
        "salsa and guacamole; nachos; taco night; party platters",
        "Made from corn grown in {place}.", "Texas; New Mexico; Oaxaca, Mexico; Nebraska",
        "salsa fan",
    ),
    _shelf(
        "Snacks > Chips & Crackers > Crackers", "Crackers", "crackers", (3, 8),
        "4.5 oz Box; 8 oz Box; 3 Pack",
        {
            "Rosemary Sea Salt": "a crisp, herby cracker with flaky salt",
            "Whole Wheat": "a nutty, wholesome crunch",
            "Cracked Pepper": "a peppery bite that stands up to cheese",
            "Seeded Rye": "an earthy rye cracker loaded with seeds",
            "Aged Cheddar": "a tangy, cheesy crunch",
        },
        "wheat flour; olive oil; rosemary; flax and sesame seeds; aged cheddar",
        "cheese boards; soup and salad; afternoon snacking; holiday entertaining",
        "Baked in {place}.", "Vermont; Wisconsin; Ontario; the Pacific Northwest",
        "cheese board host", gift=True,
    ),
    _shelf(
        "Snacks > Nuts & Trail Mix > Mixed Nuts", "Mixed Nuts", "nuts", (6, 22),
        "10 oz Can; 1 lb Bag; 2.5 lb Jar",
        {
            "Deluxe Roasted": "buttery cashews, pecans and almonds, lightly salted",
            "Honey Roasted": "a sweet, crunchy honey glaze",
            "Unsalted": "pure roasted nut flavor with nothing added",
            "Spicy Cajun": "a smoky, spicy Cajun seasoning with cayenne heat",
            "Rosemary Garlic": "savory garlic and fragrant rosemary",
        },
        "cashews; almonds; pecans; Brazil nuts; pistachios; honey; sea salt",
        "holiday gatherings; healthy snacking; the office desk drawer; cocktail hour",
        "Roasted in small batches in {place}.", "California; Georgia; Virginia; Oregon",
        "snacker", gift=True,
    ),
    _shelf(
        "Snacks > Nuts & Trail Mix > Trail Mix", "Trail Mix", "trail mix", (4, 14),
        "8 oz Bag; 1 lb Bag; 12 Pack Snack Bags",
        {
            "Mountain Berry": "tart dried cranberries with almonds and sunflower seeds",
            "Dark Chocolate Sea Salt": "dark chocolate chunks with salty roasted nuts",
            "Tropical": "banana chips, coconut and pineapple with cashews",
            "Sweet & Spicy": "candied pecans and chili-dusted peanuts",
        },
        "peanuts; almonds; raisins; dried cranberries; dark chocolate chunks; coconut; "
        "sunflower seeds",
        "hiking and camping; after-school snacks; road trips; an energy boost at work",
        "Mixed and packed in {place}.", "Colorado; Utah; Oregon; Vermont",
        "hiker",
    ),
    _shelf(
        "Snacks > Cookies & Bars > Cookies", "Cookies", "cookies", (3, 12),
        "7 oz Box; 12 oz Tin; 2 lb Tin",
        {
            "Chocolate Chip": "a buttery, chewy cookie packed with chocolate chips",
            "Butter Shortbread": "a rich, melt-in-your-mouth butter shortbread",
            "Oatmeal Raisin": "a soft, spiced oatmeal cookie with plump raisins",
            "Ginger Snap": "a crisp, spicy ginger snap with molasses",
            "Double Chocolate": "a fudgy, double chocolate cookie",
            "Lemon Sugar": "a bright lemon sugar cookie",
        },
        "butter; brown sugar; rolled oats; semisweet chocolate; molasses; lemon zest",
        "dunking in milk; the holiday cookie tray; lunch box treats; afternoon tea",
        "Baked in a family bakery in {place}.", "Scotland; Pennsylvania; Vermont; Denmark",
        "sweet tooth", gift=True,
    ),
    _shelf(
        "Snacks > Cookies & Bars > Granola Bars", "Granola Bars", "bars", (3, 9),
        "6 Count; 12 Count; 24 Count",
        {
            "Oats & Honey": "a crunchy oat bar with golden honey",
            "Peanut Butter Chocolate": "creamy peanut butter with chocolate chips",
            "Almond Coconut": "toasted almonds and coconut",
            "Cranberry Pumpkin Seed": "tart cranberry and savory pumpkin seeds",
        },
        "whole grain oats; honey; peanuts; almonds; pumpkin seeds; chocolate chips",
        "breakfast on the go; hiking; school snacks; the gym bag",
        "Made in {place}.", "Minnesota; Colorado; Oregon; Vermont",
        "busy parent",
    ),
    _shelf(
        "Snacks > Cookies & Bars > Protein Bars", "Protein Bars", "protein bars", (12, 32),
        "12 Count; 15 Count; 24 Count",
        {
            "Chocolate Brownie": "a fudgy chocolate brownie flavor with 20 g of protein",
            "Cookie Dough": "a soft cookie dough bite",
            "Peanut Butter Crunch": "salty peanut butter with crispy bits",
            "Birthday Cake": "a sweet vanilla frosting flavor with sprinkles",
        },
        "whey protein isolate; pea protein; almonds; dates; cocoa; sea salt",
        "post-workout recovery; a meal on the run; long hikes; low-sugar snacking",
        "Made in {place}.", "Utah; Texas; California; Colorado",
        "gym goer",
    ),
    # ---- Pantry
    _shelf(
        "Pantry > Pasta & Grains > Dry Pasta", "Pasta", "pasta", (2, 9),
        "1 lb Bag; 2 lb Bag; 6 Pack",
        {
            "Bronze-Cut Spaghetti": "a rough surface that grips sauce, with a firm bite",
            "Rigatoni": "hearty ridged tubes with a chewy texture",
            "Whole Wheat Penne": "a nutty whole grain penne",
            "Orecchiette": "little ear-shaped pasta with a springy chew",
            "Chickpea Fusilli": "a protein-rich spiral with a mild, nutty taste",
            "Egg Tagliatelle": "silky golden ribbons of egg pasta",
        },
        "durum wheat semolina; whole wheat flour; chickpea flour; free-range eggs",
        "weeknight dinners; baked pasta dishes; pasta salads; Sunday family suppers",
        "Slowly dried in {place}.",
        "Gragnano, Italy; Puglia, Italy; Abruzzo, Italy; Emilia-Romagna",
        "home cook",
    ),
    _shelf(
        "Pantry > Pasta & Grains > Rice", "Rice", "rice", (3, 18),
        "2 lb Bag; 5 lb Bag; 10 lb Bag",
        {
            "Aged Basmati": "long, fluffy grains with a nutty, floral aroma",
            "Jasmine": "soft, fragrant grains with a gentle sweetness",
            "Sushi": "short, sticky grains with a subtle sweetness",
            "Arborio": "a creamy risotto rice that stays al dente",
            "Wild Rice Blend": "an earthy, chewy mix of wild and brown rice",
        },
        "long grain rice; short grain rice; wild rice; brown rice",
        "curries and stir-fries; homemade sushi; creamy risotto; meal prep bowls",
        "Grown in {place}.", "the Himalayan foothills; Thailand; California; Arkansas; Italy",
        "home cook",
    ),
    _shelf(
        "Pantry > Pasta & Grains > Ancient Grains", "Grain Blend", "grains", (4, 14),
        "1 lb Bag; 2 lb Bag; 4 lb Bag",
        {
            "Tricolor Quinoa": "a fluffy, nutty quinoa in red, white and black",
            "Farro & Barley": "a hearty, chewy bite with a toasty, nutty flavor",
            "Red Lentil & Quinoa": "quick-cooking lentils that turn creamy around fluffy quinoa",
            "Sprouted Ancient": "sprouted millet, amaranth and sorghum with a mild, sweet taste",
        },
        "organic quinoa; farro; red lentils; barley",
        "grain bowls; hearty soups; salads that keep for days; vegetarian meal prep",
        "Grown on family farms in {place}.", "Bolivia; Peru; Montana; Saskatchewan",
        "healthy eater",
    ),
    _shelf(
        "Pantry > Sauces & Condiments > Pasta Sauce", "Pasta Sauce", "sauce", (4, 11),
        "24 oz Jar; 2 Pack; 6 Pack",
        {
            "Tomato Basil": "sweet San Marzano tomatoes and fresh basil",
            "Spicy Arrabbiata": "a spicy tomato sauce with red chili flakes and garlic",
            "Marinara": "a classic, garlicky tomato sauce",
            "Vodka Cream": "a silky, rosy tomato cream sauce",
            "Roasted Garlic": "mellow, sweet roasted garlic in tomatoes",
        },
        "San Marzano tomatoes; extra virgin olive oil; garlic; basil; red chili flakes; cream",
        "quick weeknight pasta; homemade pizza; meatball subs; baked ziti",
        "Slow-simmered in {place}.", "Campania, Italy; New Jersey; Brooklyn, New York",
        "home cook",
    ),
    _shelf(
        "Pantry > Sauces & Condiments > Hot Sauce", "Hot Sauce", "hot sauce", (4, 14),
        "5 fl oz Bottle; 3 Pack; 5 Bottle Gift Set",
        {
            "Habanero Mango": "fruity mango with a spicy habanero burn",
            "Smoked Chipotle": "a smoky, medium-hot chipotle heat",
            "Green Jalapeno": "a bright, tangy jalapeno sauce with mild heat",
            "Scorpion Pepper": "an extremely hot, spicy sauce for true heat seekers",
            "Garlic Sriracha": "a garlicky, sweet-hot chili sauce",
        },
        "aged red peppers; habanero peppers; chipotle peppers; garlic; vinegar; mango",
        "tacos and eggs; wings; spicing up soups; barbecue marinades",
        "Fermented and bottled in {place}.", "Louisiana; New Mexico; Texas; Oaxaca, Mexico",
        "spicy food lover", gift=True,
    ),
    _shelf(
        "Pantry > Sauces & Condiments > Salad Dressing", "Dressing", "dressing", (3, 8),
        "12 fl oz; 16 fl oz; 2 Pack",
        {
            "Lemon Herb Vinaigrette": "a bright lemony vinaigrette with herbs",
            "Creamy Caesar": "a rich, garlicky Caesar with parmesan",
            "Balsamic Fig": "a sweet, tangy fig balsamic",
            "Sesame Ginger": "nutty toasted sesame with a ginger kick",
        },
        "extra virgin olive oil; lemon juice; parmesan cheese; balsamic vinegar; sesame oil; "
        "fresh ginger",
        "green salads; marinating chicken; grain bowls; dipping vegetables",
        "Made in {place}.", "California; Oregon; Vermont",
        "salad lover",
    ),
    _shelf(
        "Pantry > Herbs & Spices > Spice Blends", "Seasoning", "seasoning", (4, 12),
        "2.5 oz Jar; 5 oz Jar; 4 Jar Gift Set",
        {
            "Everything Bagel": "toasted sesame, poppy seed, garlic and onion",
            "Cajun Blackening": "a spicy, smoky blend with cayenne and paprika",
            "Italian Herb": "oregano, basil and thyme",
            "Za'atar": "tangy sumac, thyme and toasted sesame",
            "Ras el Hanout": "warm cumin, coriander, cinnamon and rose",
            "Nashville Hot": "a fiery, spicy chili blend with a touch of sweetness",
        },
        "sesame seeds; garlic; onion; cayenne pepper; paprika; oregano; sumac; cumin",
        "grilling and roasting; avocado toast; seasoning soups; dry rubs for barbecue",
        "Blended by hand in {place}.", "New Orleans; Marrakech; Beirut; Vermont; Nashville",
        "home cook", gift=True,
    ),
    _shelf(
        "Pantry > Herbs & Spices > Ground Spices", "Ground Spice", "spice", (3, 10),
        "1.5 oz Jar; 4 oz Bag; 1 lb Bag",
        {
            "Smoked Paprika": "a sweet, smoky flavor with a deep red color",
            "Ceylon Cinnamon": "a delicate, sweet cinnamon",
            "Turmeric": "an earthy, bright golden spice",
            "Cumin": "a warm, earthy, slightly nutty spice",
            "Hot Chili Powder": "a spicy chili heat with a smoky edge",
        },
        "single-origin ground spice; no fillers; no anti-caking agents",
        "curries and stews; baking; spice rubs; golden milk",
        "Grown and ground in {place}.", "Spain; Sri Lanka; India; Turkey; Guatemala",
        "home cook",
    ),
    _shelf(
        "Pantry > Herbs & Spices > Sea Salt", "Salt", "salt", (4, 15),
        "8 oz Jar; 1 lb Bag; 3 Salt Gift Set",
        {
            "Flaky Sea": "delicate pyramid flakes with a clean, briny crunch",
            "Pink Himalayan": "a mild, mineral-rich salt",
            "Smoked Alderwood": "a gentle campfire smokiness",
            "Black Truffle": "an earthy, luxurious truffle aroma",
        },
        "hand-harvested sea salt; Himalayan rock salt; black truffle",
        "finishing steaks and salads; baking; topping caramels; grinding at the table",
        "Harvested in {place}.", "Maldon, England; Brittany, France; Oregon; Pakistan",
        "foodie", gift=True,
    ),
    _shelf(
        "Pantry > Oils & Vinegars > Olive Oil", "Olive Oil", "olive oil", (9, 32),
        "500 ml Bottle; 750 ml Bottle; 3 Liter Tin",
        {
            "Extra Virgin": "a peppery, grassy oil with a fruity finish",
            "Early Harvest": "a bold, green, peppery bite",
            "Garlic Infused": "a mellow, aromatic garlic flavor",
            "Lemon Pressed": "olives crushed with whole lemons for a bright citrus note",
            "Mild Arbequina": "a buttery, delicate oil",
        },
        "cold-pressed olives; whole lemons; garlic",
        "drizzling on salads; dipping bread; roasting vegetables; finishing pasta",
        "Pressed within hours of harvest in {place}.",
        "Crete, Greece; Andalusia, Spain; Sicily, Italy; California; Tunisia",
        "home cook", gift=True,
    ),
    _shelf(
        "Pantry > Oils & Vinegars > Vinegar", "Vinegar", "vinegar", (4, 24),
        "8.5 fl oz; 16 fl oz; 2 Pack",
        {
            "Aged Balsamic": "a thick, sweet and complex balsamic",
            "Raw Apple Cider": "a tangy, unfiltered cider vinegar",
            "Red Wine": "a sharp, fruity red wine vinegar",
            "White Balsamic": "a light, sweet and mellow balsamic",
            "Sherry": "a nutty, rich sherry vinegar",
        },
        "cooked grape must; raw apple cider; red wine; aged in oak barrels",
        "salad dressings; glazing roasted vegetables; pickling; drizzling over strawberries",
        "Aged in wooden barrels in {place}.", "Modena, Italy; Jerez, Spain; Vermont",
        "foodie", gift=True,
    ),
    _shelf(
        "Pantry > Baking > Flour", "Flour", "flour", (4, 14),
        "2 lb Bag; 5 lb Bag; 10 lb Bag",
        {
            "Unbleached All-Purpose": "a versatile flour with a clean wheat flavor",
            "Bread": "a high-protein flour for chewy, open crumb",
            "Almond": "a finely ground, sweet almond flour",
            "Gluten-Free Baking": "a rice and sorghum blend that behaves like wheat",
            "Whole Wheat Pastry": "a soft whole grain flour for tender pastries",
        },
        "hard red wheat; blanched almonds; brown rice flour; sorghum flour",
        "homemade bread; cookies and cakes; pizza dough; gluten-free baking",
        "Milled in {place}.", "Kansas; Vermont; Montana; North Dakota",
        "home baker",
    ),
    _shelf(
        "Pantry > Baking > Baking Mixes", "Baking Mix", "baking mix", (3, 9),
        "15 oz Box; 2 Pack; 4 Pack",
        {
            "Fudge Brownie": "a rich, fudgy chocolate brownie",
            "Buttermilk Pancake": "fluffy, golden buttermilk pancakes",
            "Classic Cornbread": "a sweet, tender cornbread",
            "Vanilla Cake": "a moist, vanilla bean cake",
            "Pumpkin Spice Muffin": "a warm, spiced pumpkin muffin",
        },
        "unbleached flour; cocoa; buttermilk; cornmeal; vanilla bean; cinnamon",
        "weekend pancakes; bake sales; baking with kids; last-minute desserts",
        "Made in {place}.", "Vermont; Iowa; Minnesota; Ohio",
        "home baker",
    ),
    _shelf(
        "Pantry > Baking > Sweeteners", "Sweetener", "sweetener", (4, 22),
        "12 oz; 1 lb; 2 lb",
        {
            "Grade A Maple Syrup": "a dark, robust maple flavor",
            "Coconut Sugar": "a caramel-like sweetness",
            "Monk Fruit": "a zero-calorie sweetness with no aftertaste",
            "Turbinado Cane Sugar": "a golden, molasses-kissed crunch",
        },
        "pure maple sap; coconut palm nectar; monk fruit extract; raw cane sugar",
        "pancakes and waffles; coffee and tea; baking; sugar-free diets",
        "Produced in {place}.", "Vermont; Quebec; Maui, Hawaii; Indonesia",
        "sweet tooth", gift=True,
    ),
    # ---- Breakfast
    _shelf(
        "Breakfast > Cereal & Oatmeal > Breakfast Cereal", "Cereal", "cereal", (3, 8),
        "10 oz Box; 16 oz Box; 3 Pack",
        {
            "Honey Nut Crunch": "a sweet, crunchy honey and almond cereal",
            "Cinnamon Squares": "warm cinnamon sugar squares",
            "Whole Grain Flakes": "lightly toasted whole grain flakes",
            "Cocoa Crunch Rounds": "chocolatey rounds that turn the milk chocolate",
            "High Fiber Bran": "a hearty, toasty bran",
        },
        "whole grain wheat; oats; honey; almonds; cinnamon; cocoa",
        "a quick breakfast; kids' mornings; snacking by the handful; topping yogurt",
        "Made in {place}.", "Michigan; Minnesota; Oregon; Ontario",
        "cereal fan",
    ),
    _shelf(
        "Breakfast > Cereal & Oatmeal > Oatmeal", "Oatmeal", "oatmeal", (3, 10),
        "18 oz Canister; 10 Packets; 2.5 lb Bag",
        {
            "Steel Cut": "a chewy, nutty oatmeal with real texture",
            "Maple Brown Sugar": "a sweet maple and brown sugar oatmeal",
            "Apple Cinnamon": "warm cinnamon with chewy apple pieces",
            "Old Fashioned Rolled": "a creamy, classic rolled oat",
        },
        "whole grain oats; gluten-free oats; maple syrup; dried apples; cinnamon",
        "a warm breakfast on cold mornings; overnight oats; baking oat cookies; "
        "a quick office breakfast",
        "Milled from oats grown in {place}.", "Ireland; Scotland; Saskatchewan; Minnesota",
        "healthy eater",
    ),
    _shelf(
        "Breakfast > Cereal & Oatmeal > Granola", "Granola", "granola", (4, 12),
        "11 oz Bag; 16 oz Bag; 2 lb Bag",
        {
            "Maple Pecan": "big crunchy clusters of maple-glazed pecans",
            "Vanilla Almond": "a lightly sweet vanilla granola with almonds",
            "Blueberry Flax": "tart blueberries and nutty flax",
            "Coconut Cashew": "toasty coconut and buttery cashews",
        },
        "rolled oats; maple syrup; pecans; almonds; flax seeds; dried blueberries; coconut",
        "yogurt parfaits; a crunchy breakfast; snacking; topping smoothie bowls",
        "Baked in small batches in {place}.", "Vermont; Colorado; Oregon; Maine",
        "healthy eater",
    ),
    _shelf(
        "Breakfast > Spreads > Honey", "Honey", "honey", (6, 24),
        "12 oz Jar; 16 oz Jar; 3 Jar Gift Set",
        {
            "Raw Wildflower": "a floral, complex raw honey",
            "Manuka": "an earthy, medicinal and rich honey",
            "Orange Blossom": "a light, citrusy honey",
            "Hot Honey": "sweet honey infused with spicy chili peppers",
            "Creamed Clover": "a spreadable, buttery-smooth honey",
        },
        "raw honey; chili peppers; unfiltered honeycomb",
        "sweetening tea; drizzling on cheese and pizza; toast and biscuits; baking",
        "Harvested by beekeepers in {place}.",
        "New Zealand; Vermont; Florida; the Texas Hill Country; Greece",
        "tea lover", gift=True,
    ),
    _shelf(
        "Breakfast > Spreads > Jam & Preserves", "Preserves", "jam", (4, 12),
        "10 oz Jar; 13 oz Jar; 3 Jar Gift Set",
        {
            "Strawberry": "a bright, sweet strawberry flavor with whole berries",
            "Apricot": "a sunny, tangy apricot",
            "Sour Cherry": "a tart, deep cherry",
            "Fig & Orange": "rich fig with a bright orange note",
            "Wild Blueberry": "small, intense wild blueberries",
        },
        "whole fruit; cane sugar; lemon juice; fruit pectin",
        "toast and scones; cheese boards; filling cakes; peanut butter sandwiches",
        "Cooked in copper kettles in {place}.", "France; Oregon; Maine; Michigan",
        "breakfast lover", gift=True,
    ),
    _shelf(
        "Breakfast > Spreads > Nut Butter", "Nut Butter", "nut butter", (4, 16),
        "12 oz Jar; 16 oz Jar; 2 Pack",
        {
            "Creamy Peanut": "a smooth, roasted peanut flavor",
            "Crunchy Almond": "toasted almond crunch",
            "Cashew Maple": "buttery cashews with a hint of maple",
            "Chocolate Hazelnut": "a rich chocolate hazelnut spread",
            "Spicy Peanut": "a spicy chili peanut butter with a kick",
        },
        "dry roasted peanuts; almonds; cashews; hazelnuts; cocoa; sea salt",
        "toast and apples; smoothies; baking; satay sauce",
        "Ground in small batches in {place}.", "Georgia; California; Virginia; Oregon",
        "breakfast lover",
    ),
    # ---- Candy & Chocolate
    _shelf(
        "Candy & Chocolate > Chocolate > Dark Chocolate", "Dark Chocolate Bar", "chocolate",
        (3, 9), "3 oz Bar; 4 Pack; 12 Pack",
        {
            "72% Sea Salt": "intense cocoa with crunchy sea salt",
            "85% Cacao": "a deep, bittersweet chocolate with a long finish",
            "Orange Almond": "dark chocolate with candied orange and almonds",
            "Chili Cinnamon": "dark chocolate with a spicy chili warmth and cinnamon",
            "Raspberry": "dark chocolate with tart raspberry pieces",
        },
        "cacao beans; cane sugar; cocoa butter; sea salt; almonds; chili",
        "an after-dinner treat; baking; wine pairings; a small thank-you gift",
        "Made bean to bar with cacao from {place}.",
        "Ecuador; Peru; Madagascar; Ghana; the Dominican Republic",
        "chocolate lover", gift=True,
    ),
    _shelf(
        "Candy & Chocolate > Chocolate > Milk Chocolate", "Milk Chocolate", "chocolate",
        (3, 10), "3.5 oz Bar; 8 oz Bag; 6 Pack",
        {
            "Caramel Filled": "creamy milk chocolate with a gooey caramel center",
            "Hazelnut Crunch": "creamy milk chocolate with roasted hazelnuts",
            "Classic": "a smooth, creamy milk chocolate",
            "Toffee Bits": "milk chocolate with buttery toffee crunch",
        },
        "milk chocolate; whole milk powder; hazelnuts; butter toffee; caramel",
        "movie nights; stocking stuffers; s'mores; sharing at the office",
        "Made in {place}.", "Switzerland; Belgium; Pennsylvania; Vermont",
        "chocolate lover", gift=True,
    ),
    _shelf(
        "Candy & Chocolate > Chocolate > Chocolate Gift Boxes", "Chocolate Gift Box", "chocolates",
        (14, 55), "12 Piece; 24 Piece; 48 Piece",
        {
            "Assorted Truffles": "silky ganache truffles in a dozen flavors",
            "Sea Salt Caramels": "soft, buttery caramels dipped in chocolate",
            "Champagne Truffles": "delicate champagne ganache",
            "Praline Collection": "nutty pralines and creamy centers",
        },
        "dark and milk chocolate; fresh cream; butter; hazelnut praline; sea salt",
        "birthdays; anniversaries; thank-you gifts; holiday gifting",
        "Hand-finished by chocolatiers in {place}.", "Brussels, Belgium; Paris; San Francisco",
        "chocolate lover", gift=True,
    ),
    _shelf(
        "Candy & Chocolate > Candy > Gummy Candy", "Gummies", "gummies", (3, 12),
        "5 oz Bag; 2 lb Bag; 5 lb Bag",
        {
            "Sour Watermelon": "a sour, tangy watermelon chew",
            "Fruit Bears": "soft, fruity bears in six flavors",
            "Peach Rings": "sweet peach rings with a sugar coat",
            "Spicy Mango Chili": "chewy mango dusted with spicy chili and lime",
        },
        "fruit juice; pectin; cane sugar; citric acid; chili powder",
        "movie nights; party favors; road trips; filling candy jars",
        "Made in {place}.", "Germany; Wisconsin; Mexico; Illinois",
        "candy fan",
    ),
    _shelf(
        "Candy & Chocolate > Candy > Hard Candy", "Hard Candy", "candy", (3, 14),
        "6 oz Tin; 1 lb Bag; 3 lb Jar",
        {
            "Old Fashioned Butterscotch": "a rich, buttery butterscotch",
            "Peppermint Starlight": "a cool, refreshing peppermint",
            "Lemon Drop": "a sweet-tart lemon",
            "Root Beer Barrel": "a classic, creamy root beer flavor",
        },
        "cane sugar; butter; natural peppermint oil; lemon oil",
        "the candy dish; stocking stuffers; fresh breath after meals; nostalgic gifts",
        "Pulled and cut in {place}.", "Pennsylvania; Vermont; Ohio; England",
        "candy fan", gift=True,
    ),
    _shelf(
        "Candy & Chocolate > Candy > Licorice", "Licorice", "licorice", (3, 11),
        "7 oz Bag; 1 lb Bag; 4 Pack",
        {
            "Soft Black": "a soft, aniseed-rich black licorice",
            "Red Raspberry": "a chewy, fruity raspberry twist",
            "Salty Dutch": "a bold, salty licorice",
            "Strawberry Twists": "sweet, chewy strawberry twists",
        },
        "wheat flour; molasses; licorice root extract; anise oil",
        "road trips; movie nights; licorice fans; sharing",
        "Made by a traditional candy maker in {place}.",
        "Finland; the Netherlands; Australia; Minnesota",
        "candy fan",
    ),
    # ---- Fruit & Vegetables
    _shelf(
        "Fruit & Vegetables > Fresh Produce > Fresh Fruit", "Box", "fruit", (12, 45),
        "3 lb Box; 5 lb Box; 10 lb Box",
        {
            "Honeycrisp Apple": "crisp, juicy and sweet-tart apples",
            "Navel Orange": "sweet, seedless and easy-peeling oranges",
            "Organic Avocado": "creamy, buttery avocados",
            "Bing Cherry": "dark, sweet and juicy cherries",
            "Ruby Grapefruit": "a juicy, tangy grapefruit",
        },
        "fresh fruit picked at peak ripeness",
        "healthy snacking; a fruit gift for the holidays; smoothies; fresh juice",
        "Picked and shipped from orchards in {place}.",
        "Washington; California; Florida; Michigan; Texas",
        "fruit lover", gift=True,
    ),
    _shelf(
        "Fruit & Vegetables > Fresh Produce > Fresh Vegetables", "Box", "vegetables",
        (8, 30), "2 lb Box; 5 lb Box; 8 lb Box",
        {
            "Heirloom Tomato": "sweet, juicy tomatoes in many colors",
            "Baby Potato": "creamy, thin-skinned little potatoes",
            "Sweet Onion": "mild, sweet onions",
            "Rainbow Carrot": "sweet, crunchy carrots in purple, yellow and orange",
        },
        "farm-fresh vegetables",
        "roasting; salads; soups; weeknight side dishes",
        "Harvested on farms in {place}.", "California; Georgia; Idaho; Oregon",
        "home cook",
    ),
    _shelf(
        "Fruit & Vegetables > Dried & Canned > Dried Fruit", "Dried Fruit", "dried fruit",
        (5, 18), "6 oz Bag; 1 lb Bag; 2 lb Bag",
        {
            "Medjool Date": "soft, caramel-sweet dates",
            "Dried Mango": "chewy, tropical mango slices",
            "Turkish Apricot": "plump, honey-sweet apricots",
            "Tart Cranberry": "tart, chewy cranberries",
            "Mission Fig": "sweet, jammy figs",
        },
        "dates; unsulfured mango; apricots; cranberries; figs; a touch of sunflower oil",
        "snacking; baking; trail mixes; cheese boards",
        "Sun-dried in {place}.", "California; Turkey; the Philippines; Jordan",
        "healthy snacker", gift=True,
    ),
    _shelf(
        "Fruit & Vegetables > Dried & Canned > Canned Vegetables", "",
        "canned vegetables", (2, 14), "15 oz Can; 6 Pack; 12 Pack",
        {
            "Fire-Roasted Diced Tomatoes": "smoky, sweet tomatoes in their own juice",
            "Sweet Corn": "tender, sweet corn kernels",
            "Marinated Artichoke Hearts": "tender, tangy artichoke hearts",
            "Roasted Red Peppers": "sweet, smoky red peppers",
        },
        "vegetables; water; sea salt; citric acid",
        "chili and soups; pasta dishes; salads; a well-stocked pantry",
        "Packed within hours of harvest in {place}.", "California; Italy; Wisconsin; Spain",
        "home cook",
    ),
    # ---- Dairy & Cheese
    _shelf(
        "Dairy & Cheese > Cheese > Hard Cheese", "Cheese", "cheese", (6, 28),
        "8 oz Wedge; 1 lb Block; 2 lb Wheel",
        {
            "Aged Cheddar": "a sharp, nutty cheddar with crunchy crystals",
            "Parmesan": "a salty, savory and nutty Italian-style hard cheese",
            "Smoked Gouda": "a creamy, smoky gouda",
            "Manchego": "a buttery, tangy sheep's milk cheese",
            "Gruyere": "a sweet, nutty alpine cheese",
        },
        "cow's milk; sheep's milk; salt; cultures; rennet",
        "cheese boards; grating over pasta; grilled cheese; wine nights",
        "Aged in caves in {place}.", "Wisconsin; Vermont; Emilia-Romagna, Italy; La Mancha, Spain",
        "cheese lover", gift=True,
    ),
    _shelf(
        "Dairy & Cheese > Cheese > Soft Cheese", "Cheese", "cheese", (5, 22),
        "4 oz; 8 oz; 2 Pack",
        {
            "Triple Cream Brie": "a buttery, rich and mushroomy brie",
            "Herbed Goat": "a tangy goat cheese rolled in herbs",
            "Fresh Mozzarella": "a milky, soft mozzarella",
            "Creamy Blue": "a pungent, buttery blue with a peppery bite",
        },
        "cow's milk; goat's milk; cream; herbs; cultures",
        "cheese boards; caprese salads; baking en croute; crumbling on salads",
        "Made by a small creamery in {place}.", "Normandy, France; Vermont; California; Oregon",
        "cheese lover", gift=True,
    ),
    _shelf(
        "Dairy & Cheese > Milk & Butter > Plant-Based Milk", "Plant Milk", "milk", (3, 12),
        "32 fl oz; 6 Pack; 12 Pack",
        {
            "Barista Oat": "a creamy oat milk that froths like dairy",
            "Unsweetened Almond": "a light, nutty almond milk",
            "Vanilla Soy": "a smooth vanilla soy milk",
            "Coconut": "a rich, tropical coconut milk",
        },
        "oats; almonds; soybeans; coconut cream; calcium",
        "lattes; cereal; smoothies; dairy-free baking",
        "Made in {place}.", "Sweden; California; Oregon",
        "latte lover",
    ),
    _shelf(
        "Dairy & Cheese > Milk & Butter > Butter & Ghee", "Butter", "butter", (5, 18),
        "8 oz; 1 lb; 2 Pack",
        {
            "Cultured Salted": "a tangy, rich cultured butter",
            "Clarified": "a nutty, toasty clarified butter for high-heat cooking",
            "Irish Style": "a golden, creamy butter",
            "Garlic Herb": "savory garlic and herbs in soft butter",
        },
        "cream from grass-fed cows; sea salt; cultures; garlic; parsley",
        "toast and baking; high-heat cooking; finishing steaks; Indian cooking",
        "Churned in {place}.", "Ireland; Vermont; Normandy, France; Wisconsin",
        "home cook",
    ),
)

# Review words by level-2 category: what buyers praise or complain about when they taste it.
AISLES: dict[str, Aisle] = {
    "Coffee": Aisle(
        ("Rich dark roast, smooth with no bitterness", "Smells amazing the moment you open it",
         "Makes a bold, full-bodied cup every morning", "Smooth and chocolatey, exactly what I "
         "want in coffee"),
        ("Tastes burnt and bitter no matter how I brew it", "Weak and watery, like old office "
         "coffee", "Flat aroma and a sour aftertaste"),
        "The bag split open and there were grounds all over the box",
    ),
    "Tea": Aisle(
        ("Lovely fragrant cup, never bitter", "Brews a clean, floral tea I drink every afternoon",
         "Calming and smooth before bed"),
        ("Tastes like dusty paper", "Bitter even with a short steep",
         "Barely any flavor, I had to use two bags"),
        "The box was crushed and several bags had torn",
    ),
    "Juice & Water": Aisle(
        ("Crisp and refreshing, not too sweet", "Tastes like real fruit",
         "Nice fizz that lasts to the last sip"),
        ("Way too sweet and tastes artificial", "Went flat within minutes",
         "Weird metallic aftertaste"),
        "Two bottles leaked all over the box",
    ),
    "Chips & Crackers": Aisle(
        ("Super crunchy and perfectly seasoned", "Spicy enough to notice without burning",
         "Crisp, salty and addictive"),
        ("Greasy and way too salty", "Barely any seasoning on them",
         "Soft and chewy instead of crunchy"),
        "Arrived crushed, mostly crumbs",
    ),
    "Nuts & Trail Mix": Aisle(
        ("Fresh, crunchy nuts with just the right salt", "Great mix with plenty of cashews",
         "Perfectly roasted, a healthy snack"),
        ("Lots of broken pieces and dust at the bottom", "Some nuts tasted rancid",
         "Mostly peanuts, hardly any almonds"),
        "The bag tore and nuts were loose in the box",
    ),
    "Cookies & Bars": Aisle(
        ("Soft, chewy and not overly sweet", "Tastes homemade",
         "Keeps me full through the afternoon"),
        ("Dry and crumbly", "Chalky aftertaste", "Sickly sweet and artificial"),
        "Arrived crushed, half of them broken",
    ),
    "Pasta & Grains": Aisle(
        ("Cooks evenly and holds its shape", "Great texture, holds sauce well",
         "Fluffy and fragrant every time"),
        ("Turned mushy in minutes", "Gummy and sticky even after rinsing",
         "Full of broken pieces"),
        "The bag split and it spilled everywhere",
    ),
    "Sauces & Condiments": Aisle(
        ("Bright, fresh flavor that tastes homemade", "Real heat with great flavor, not just burn",
         "Perfect balance of tang and spice"),
        ("Watery and bland", "All vinegar, no flavor", "Way too salty for my taste"),
        "The jar cracked and leaked all over the box",
    ),
    "Herbs & Spices": Aisle(
        ("Fragrant and potent, a little goes a long way", "Gives my cooking a real kick",
         "Much fresher than supermarket jars"),
        ("Weak flavor, smells like nothing", "Clumped into a hard brick",
         "Tastes dusty and old"),
        "The lid came off and it spilled everywhere",
    ),
    "Oils & Vinegars": Aisle(
        ("Peppery, grassy and fresh", "Beautiful on salads and crusty bread",
         "Sweet, syrupy and complex"),
        ("Tastes flat and a bit rancid", "Harsh and thin, nothing special",
         "Cloudy with an off smell"),
        "The bottle leaked and the box was soaked",
    ),
    "Baking": Aisle(
        ("Bakes up light and fluffy", "My cookies have never been better",
         "Fine texture that measures easily"),
        ("Came out dense and dry", "Full of clumps",
         "Left a bitter aftertaste in everything I baked"),
        "The bag burst and there was powder everywhere",
    ),
    "Cereal & Oatmeal": Aisle(
        ("Stays crunchy in milk", "Creamy and ready in minutes", "Lightly sweet and filling"),
        ("Gets soggy in seconds", "Bland, like cardboard", "Far too much sugar for breakfast"),
        "The box was crushed and the inner bag had opened",
    ),
    "Spreads": Aisle(
        ("Smooth, spreadable and so flavorful", "Beautiful floral taste",
         "Tastes like fresh fruit, not just sugar"),
        ("The oil separated into a thick layer", "Crystallized and grainy",
         "Runny and overly sweet"),
        "The jar cracked and it leaked into the packaging",
    ),
    "Chocolate": Aisle(
        ("Silky, rich chocolate that melts beautifully", "Deep cocoa flavor without bitterness",
         "Every piece was a treat"),
        ("Waxy texture and dull flavor", "Had a white bloom and tasted old",
         "Too bitter even for a dark chocolate fan"),
        "Arrived melted into one lump",
    ),
    "Candy": Aisle(
        ("Soft, chewy and bursting with flavor", "My kids fight over the last piece",
         "Classic flavor that brings back memories"),
        ("Hard as a rock and sticks to your teeth", "Artificial taste and a weird aftertaste",
         "All stuck together in one big lump"),
        "Arrived melted and stuck together",
    ),
    "Fresh Produce": Aisle(
        ("Crisp, juicy and ripe", "Tasted like it came from a farmers market",
         "Perfectly ripe and sweet"),
        ("Bruised and mushy", "Went bad in two days", "Hard and flavorless"),
        "Several pieces arrived bruised and split",
    ),
    "Dried & Canned": Aisle(
        ("Chewy, sweet and naturally tart", "Great in salads and oatmeal",
         "Tastes like it was just picked"),
        ("Dry and leathery", "Mushy with a tinny taste", "Full of stems and pits"),
        "Several cans arrived dented",
    ),
    "Cheese": Aisle(
        ("Sharp, nutty and crumbly, just right", "Creamy and mild, a hit on the cheese board",
         "Rich and full of flavor"),
        ("Rubbery and bland", "Dried out at the edges", "Sour, off taste"),
        "The ice pack had melted and it arrived warm",
    ),
    "Milk & Butter": Aisle(
        ("Creamy and rich in my coffee", "Tastes like real farm butter",
         "Froths beautifully for lattes"),
        ("Thin and watery", "Separated and chalky", "Strange aftertaste"),
        "It arrived warm and one carton had leaked",
    ),
}

# Invented brands per level-1 category: a store's coffee comes from coffee roasters, not dairies.
BRANDS: dict[str, tuple[str, ...]] = {
    "Beverages": ("Harbor Ridge", "Tall Pine Roasters", "Morning Lantern", "Quillfeather",
                  "Brisk Hollow", "Ember & Oak", "Velvet Kettle", "Cloudbrook"),
    "Snacks": ("Crunchwell", "Trailhead Pantry", "Saltmarsh Kitchen", "Little Fern",
               "Badger Creek", "Happy Otter", "Copperleaf", "Sunny Gable"),
    "Pantry": ("Old Mill Lane", "Juniper Hollow", "Casa Benedetta", "Spice Compass",
               "Olivewood Grove", "Brightwater Farms", "Millstone & Co.", "Rust Canyon Kitchen"),
    "Breakfast": ("Maple Crest", "Golden Hive", "Dawnfield", "Bramble Jar", "Hearthside Oats",
                  "Honeywick"),
    "Candy & Chocolate": ("Cocoa Meridian", "Sugarplum Row", "Bittersweet Bay", "Twistwood",
                          "Noisette Atelier", "Marble Arch Sweets"),
    "Fruit & Vegetables": ("Orchard Bloom", "Sunfield Growers", "Valley Basket", "Green Terrace",
                           "Driftwood Farms"),
    "Dairy & Cheese": ("Stonebridge Creamery", "Cloverbend Dairy", "Alder Cave",
                       "Silverbirch Dairy", "High Pasture"),
}

# Claims that read true of most products on these shelves, with the sentence that backs them.
QUALIFIERS: dict[str, tuple[tuple[str, str], ...]] = {
    "Beverages": (("Organic", "Certified organic, grown without synthetic pesticides."),
                  ("Fair Trade", "Fair Trade certified, so growers earn a fair price."),
                  ("Small Batch", "Produced in small batches for a consistent cup.")),
    "Snacks": (("Gluten-Free", "Certified gluten-free and made in a dedicated facility."),
               ("Non-GMO", "Non-GMO Project verified."),
               ("Family Size", "A family-size pack made for sharing."),
               ("Vegan", "Entirely plant-based and vegan friendly.")),
    "Pantry": (("Organic", "Certified organic, grown without synthetic pesticides."),
               ("Non-GMO", "Non-GMO Project verified."),
               ("Kosher", "Kosher certified."),
               ("Low Sodium", "Made with a third less sodium than our classic recipe.")),
    "Breakfast": (("Organic", "Certified organic, grown without synthetic pesticides."),
                  ("Gluten-Free", "Certified gluten-free and made in a dedicated facility."),
                  ("Low Sugar", "Lightly sweetened, with far less sugar than most brands.")),
    "Candy & Chocolate": (("Fair Trade", "Fair Trade certified, so growers earn a fair price."),
                          ("Vegan", "Entirely plant-based and vegan friendly."),
                          ("Sugar-Free", "Sweetened without added sugar.")),
    "Fruit & Vegetables": (("Organic", "Certified organic, grown without synthetic pesticides."),
                           ("Farm Fresh", "Packed the day it is picked.")),
    "Dairy & Cheese": (("Organic", "Certified organic, made without synthetic hormones or "
                                   "pesticides."),
                       ("Small Batch", "Made in small batches by a family-run creamery.")),
}

# How each level-1 category's goods keep, a closing line a real listing often has.
CARE: dict[str, str] = {
    "Beverages": "Store in a cool, dark place and enjoy within a few weeks of opening.",
    "Snacks": "Reseal the bag after opening to keep every bite crisp.",
    "Pantry": "Store in a cool, dry cupboard away from sunlight.",
    "Breakfast": "Keep tightly closed in a cool, dry place.",
    "Candy & Chocolate": "Store below 70°F so it never blooms or melts.",
    "Fruit & Vegetables": "Refrigerate after opening or on arrival for the longest life.",
    "Dairy & Cheese": "Ships cold with ice packs; refrigerate on arrival.",
}
# fmt: on
