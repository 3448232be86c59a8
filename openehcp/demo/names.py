"""Made-up names, streets and places for the synthetic demo council.

Forenames and surnames are common in England today and are grouped by heritage so that a child's
name, ethnicity and first language fit together. Combinations are drawn at random: no list pairs a
forename with a surname, and no real person is described. Phone numbers come from Ofcom's ranges
reserved for drama; e-mail addresses use the domains reserved for examples (RFC 2606).
"""

# Each heritage group: (girls' forenames, boys' forenames, surnames, first languages
# other than English)
HERITAGE = {
    "british": (
        (
            "Olivia Amelia Isla Ava Ivy Freya Lily Florence Mia Willow Rosie Sophia Isabella Grace "
            "Evie Poppy Ella Sienna Millie Phoebe Ruby Erin Niamh Megan Cerys Eilidh Holly Chloe "
            "Jessica Emily Hannah Lucy Maisie Darcie Harriet Imogen Matilda Elsie Lottie Bethany "
            "Caitlin Orla Skye Tilly Martha Georgia Aoife Seren Nell Ffion"
        ).split(),
        (
            "Oliver George Harry Noah Jack Leo Arthur Oscar Charlie Jacob Thomas Freddie Alfie "
            "Theo "
            "William Henry Archie Joshua Lucas Isaac Finley Dylan Rory Callum Ewan Owen Rhys Cian "
            "Liam Connor Samuel Max Reuben Elliot Harvey Toby Ethan Louie Ronnie Tommy Bobby "
            "Stanley "
            "Albie Jude Hugo Seb Fraser Lewis Gethin"
        ).split(),
        (
            "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson "
            "Evans "
            "Walker White Roberts Green Hall Wood Jackson Clarke Hughes Edwards Turner Hill Moore "
            "Cooper Ward Morris King Watson Harris Baker Harrison Morgan Murphy O'Brien Kelly "
            "Campbell Stewart MacDonald Fraser Griffiths Price Lloyd Pritchard Foster Marshall "
            "Holmes Palmer Barnes Fletcher Dawson Hartley Pearce Whitehead Kennedy Doyle Gallagher "
            "Byrne Quinn Sutherland Rees Howells Bevan Ashworth Sheppard Lambert Chapman"
        ).split(),
        (),
    ),
    "south_asian": (
        (
            "Aisha Zara Maryam Amira Anaya Priya Saanvi Inaaya Fatima Hafsa Ananya Riya Zainab "
            "Safa "
            "Simran Noor Aleena Sana Meera Diya Ayesha Khadija Humaira Jasleen Navneet Tahmina"
        ).split(),
        (
            "Muhammad Aarav Arjun Rohan Vihaan Ayaan Ibrahim Yusuf Zayn Hamza Aryan Kabir Rayyan "
            "Haris Omar Dev Ishaan Musa Zakariya Harjot Sahil Arman Imran Nabil Rafi Tanvir"
        ).split(),
        (
            "Patel Khan Ahmed Hussain Ali Begum Shah Singh Kaur Sharma Rahman Iqbal Chowdhury "
            "Mahmood Akhtar Gill Sandhu Mistry Desai Islam Miah Uddin Bhatti Malik Qureshi Joshi "
            "Nair Pillai Sidhu Bains"
        ).split(),
        ("URD", "PNJ", "BEN", "GUJ", "HIN", "TAM"),
    ),
    "african": (
        (
            "Adaeze Chioma Amara Zuri Abena Esther Blessing Favour Precious Ife Nia Temi Kemi "
            "Ruth Deborah Ayomide Hodan Ifrah Hawa Fatou Mariama Efua Ama Nkechi"
        ).split(),
        (
            "Tobi David Daniel Samuel Emmanuel Joshua Kwame Kofi Tunde Chidi Femi Ayo Elijah Joel "
            "Caleb Nathaniel Abdirahman Mohamed Ismail Kwabena Yaw Obinna Seun Moses"
        ).split(),
        (
            "Adeyemi Okafor Mensah Owusu Boateng Oluwole Adebayo Nwosu Asante Osei Eze Okonkwo "
            "Mohamed Abdi Hassan Diallo Kamara Bello Adeleke Ogunleye Appiah Danso Warsame Farah "
            "Nwachukwu Sesay"
        ).split(),
        ("SOM", "FRN", "OTH"),
    ),
    "caribbean": (
        (
            "Shanice Keisha Aaliyah Imani Tiana Jada Kiara Leah Naomi Sasha Kayla Jasmine Maya "
            "Chantelle Tamara Serena"
        ).split(),
        (
            "Tyrese Jermaine Kai Marcus Andre Malachi Jaden Reggie Isaiah Jerome Dwayne Tyler "
            "Kyle Nathan Levi Darnell"
        ).split(),
        (
            "Campbell Francis Grant Thomas Brown Clarke Morgan Reid Bailey Gordon Henry Williams "
            "Daley Lewis Edwards Thompson Richards Spencer Simpson Forbes Hylton Bennett"
        ).split(),
        (),
    ),
    "east_european": (
        (
            "Zuzanna Julia Maja Natalia Lena Alexandra Ioana Oliwia Milena Hanna Emilia Daria "
            "Sofia Anastasia Karolina Gabriela"
        ).split(),
        (
            "Jakub Filip Mateusz Szymon Luca Andrei Matei Nikola Dominik Marek Antoni Tymon Lukas "
            "Mihai Bogdan Oskar"
        ).split(),
        (
            "Nowak Mazur Popescu Ionescu Dumitru Horvath Balogh Kovacs Novak Stan Zielinski "
            "Krawczyk Rusu Petrauskas Jankauskas Dobos Marinescu Lungu Bondarenko Shevchenko"
        ).split(),
        ("POL", "ROM", "LIT", "RUS", "UKR"),
    ),
    "middle_eastern": (
        (
            "Layla Yasmin Leila Hana Sara Mina Dunya Rania Nadia Lina Salma Elif Zeynep Defne"
        ).split(),
        ("Adam Yusuf Ali Karim Amir Hassan Tariq Sami Kerem Emir Aras Rami Bilal Idris").split(),
        (
            "Haddad Saleh Karimi Hosseini Yilmaz Demir Aziz Rashid Mansour Kaya Celik Abbas "
            "Jaber Nasser Sadiq Toprak"
        ).split(),
        ("ARA", "KUR", "TUR"),
    ),
    "east_asian": (
        ("Chloe Emily Grace Jasmine Mei Lin Yan Ling Hui Vy Linh Thao").split(),
        ("Ethan Ryan Jason Kevin Daniel Wei Jun Hao Minh Duc Bao Kai").split(),
        ("Chen Wang Li Zhang Liu Wong Lam Cheung Nguyen Tran Pham Ho Yeung Tang").split(),
        ("CHI",),
    ),
    "south_european": (
        ("Beatriz Ines Lucia Chiara Giulia Carmen Mariana Francesca Ana Marta").split(),
        ("Tiago Diogo Mateo Alessandro Marco Pablo Rafael Lorenzo Joao Hugo").split(),
        (
            "Silva Santos Ferreira Pereira Costa Rossi Russo Garcia Fernandez Lopez Romano "
            "Martins Oliveira Bianchi"
        ).split(),
        ("POR", "SPA", "ITA"),
    ),
}

# DfE main ethnicity code: (weight in the demo borough, heritage groups for the name)
ETHNICITY_MIX = {
    "WBRI": (46.0, ("british",)),
    "WIRI": (1.0, ("british",)),
    "WOTH": (9.0, ("east_european", "south_european", "british")),
    "WROM": (0.6, ("east_european",)),
    "WIRT": (0.4, ("british",)),
    "MWBC": (3.0, ("caribbean", "british")),
    "MWBA": (2.0, ("african", "british")),
    "MWAS": (2.0, ("south_asian", "british")),
    "MOTH": (3.5, ("british", "caribbean", "middle_eastern", "south_european")),
    "AIND": (3.0, ("south_asian",)),
    "APKN": (3.0, ("south_asian",)),
    "ABAN": (3.0, ("south_asian",)),
    "AOTH": (1.5, ("south_asian", "east_asian")),
    "BCRB": (5.0, ("caribbean",)),
    "BAFR": (9.0, ("african",)),
    "BOTH": (2.0, ("african", "caribbean")),
    "CHNE": (1.0, ("east_asian",)),
    "OOTH": (3.5, ("middle_eastern", "east_asian")),
    "REFU": (0.5, ("british",)),
    "NOBT": (1.0, ("british", "african", "south_asian")),
}

STREET_NAMES = (
    "Acacia Rise Albion Street Alder Close Ashby Road Aspen Way Badger Lane Balfour Street "
    "Barley Mews Bayswater Crescent Beacon Hill Bellfield Avenue Birch Grove Blackthorn Drive "
    "Bluebell Walk Bramley Close Brewery Lane Bridgewater Road Brook Terrace Buttercup Court "
    "Cambourne Road Canal Walk Carver Street Chandos Place Chapel Row Clover Gardens Coalport Way "
    "Colliers Row Cornflower Close Cotton Lane Cromwell Terrace Dairy Lane Dovecote Mews "
    "Elder Avenue Ellison Road Ferry Lane Fieldfare Way Forge Close Foundry Street Garnet Street "
    "Gasworks Lane Goldcrest Road Granary Court Harebell Close Hatters Lane Hawthorn Avenue "
    "Heather Road Hopfield Way Ironbridge Road Ivy Terrace Jubilee Street Kiln Lane Kingfisher "
    "Close "
    "Lantern Way Lavender Grove Linnet Drive Lock Keepers Way Loom Street Lowther Road Maltings "
    "Place "
    "Mariners Walk Marigold Close Market Row Mason Street Meadow Bank Mill Race Lane Mulberry "
    "Close "
    "Nettlefold Road Nightingale Way Oakapple Road Orchard Rise Osprey Close Paddock Lane "
    "Pennyroyal Road Pinfold Lane Plover Way Pottery Lane Quarry Road Railway Cottages Ropewalk "
    "Rosebay Avenue Saddlers Close Sandpiper Road Shipwright Street Silkmill Road Skylark Way "
    "Smithy Lane Sorrel Close Spinners Row Station Approach Tannery Lane Teasel Close Thimble Row "
    "Tinkers Lane Townsend Road Vicarage Walk Viaduct Road Warren Lane Waterside Weavers Way "
    "Wharf Road Wheatsheaf Close Willow Bank Windmill Rise Woodpecker Drive Wren Close Yarrow Road"
)


def _street_list(text: str) -> tuple[str, ...]:
    suffixes = {
        "Rise",
        "Street",
        "Close",
        "Road",
        "Way",
        "Lane",
        "Mews",
        "Crescent",
        "Hill",
        "Avenue",
        "Grove",
        "Drive",
        "Walk",
        "Court",
        "Terrace",
        "Place",
        "Row",
        "Gardens",
        "Bank",
        "Cottages",
        "Ropewalk",
        "Waterside",
        "Approach",
    }
    streets, words = [], []
    for word in text.split():
        words.append(word)
        if word in suffixes:
            streets.append(" ".join(words))
            words = []
    return tuple(streets)


STREETS = _street_list(STREET_NAMES)

# Neighbourhoods of the made-up borough, each with a postcode district in the real format.
NEIGHBOURHOODS = (
    ("Ashworth", "SE5"),
    ("Brindley Green", "SE15"),
    ("Coldharbour Vale", "SE22"),
    ("Daleford", "SE21"),
    ("Eastmere", "SE16"),
    ("Fenwick Park", "SE17"),
    ("Greystone", "SE24"),
    ("Hollins Cross", "SE1"),
    ("Kingsmead", "SE15"),
    ("Larkhill", "SE5"),
    ("Millbrook", "SE22"),
    ("Northfold", "SE16"),
)
TOWN = "Demo Borough"
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

SETTING_STEMS = tuple(
    stem.strip()
    for stem in (
        "Ashgrove, Beechwood, Bramble Hill, Cedar Park, Chestnut Lane, Coppice, Elmhurst, "
        "Fernbank, "
        "Foxglove, Hawthorn, Hazelwood, Heathfield, Hollybank, Juniper, Kestrel, Lime Tree, Maple, "
        "Meadowside, Oakfield, Orchard, Pinewood, Primrose, Ravenswood, Rowan, Sandpiper, "
        "Silver Birch, Skylark, Sorrel, Springfield, Sycamore, Thistle, Willowbrook, Woodlands, "
        "Yew Tree, Kingfisher, Wren, Heron, Canal Side, Riverside, Brookfield, Highcroft, "
        "Lowfield, "
        "Mayflower, Moorgate, Northbrook, Redwood, Stonebridge, Sunnyside, Westfield, Whitegates, "
        "Windmill Hill, Goldfinch, Harbour Lane, Bellfield, Ashby, Hartside, Fairholme, Greenacre, "
        "Larchfield, Mallard, Oakridge, Parkside, Quarry Bank"
    ).split(",")
)

SAINTS = (
    "Anne",
    "Bede",
    "Columba",
    "George",
    "Hilda",
    "John",
    "Luke",
    "Mary",
    "Patrick",
    "Saviour",
)

PROFESSIONALS = (
    "Dr Ruth Ellery",
    "Dr Kwesi Amponsah",
    "Dr Hannah Cartwright",
    "Dr Imran Sattar",
    "Dr Gwen Llewellyn",
    "Dr Oluwaseun Bankole",
    "Dr Catriona Munro",
    "Dr Peter Lindqvist",
)
EDUCATIONAL_PSYCHOLOGISTS = (
    "Nadia Ferreira",
    "Callum Reddy",
    "Joanna Oyelaran",
    "Bethan Pryce",
    "Samir Haddad",
    "Lucy Ashcroft",
)
SOCIAL_WORKERS = (
    "Martin Oduya",
    "Kerry-Ann Blake",
    "Sinead Farrell",
    "Rajinder Bassi",
    "Tom Kettering",
)
SPECIALIST_TEACHERS = ("Alison Fairweather", "Jonah Petrakis", "Meena Varghese")
PFA_ADVISERS = ("Carla Donnelly", "Akash Mehta", "Steven Byers")

# Council staff that the generator adds around the demo logins; fixed so every seed has the same.
CASEWORKER_NAMES = (
    ("Sophie", "Tranter"),
    ("Yusuf", "Demirci"),
    ("Rebecca", "Antwi"),
    ("Gareth", "Pemberton"),
    ("Lakshmi", "Iyer"),
    ("Connor", "Mulvaney"),
    ("Olamide", "Fashola"),
    ("Katarzyna", "Wrobel"),
    ("Alistair", "Greaves"),
    ("Hollie", "Brennan"),
    ("Faisal", "Ansari"),
    ("Megan", "Lutterworth"),
    ("Dominic", "Achebe"),
    ("Rosa", "Fenwick"),
    ("Stuart", "Kinnear"),
    ("Amina", "Jalloh"),
)

DRAMA_MOBILE_PREFIX = "07700 900"
DRAMA_LANDLINE_PREFIX = "020 7946 0"
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
