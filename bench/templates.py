"""The words synthetic news is made of: company names, places, people, and EN/FR
templates for headlines, leads and body sentences (all written for the benchmark)."""

from __future__ import annotations

# Well-known names for the head of the distribution; the tail is made up (`made_up_name`).
HEAD_COMPANIES = (
    "Microsoft", "Xiaomi", "Orange", "Siemens", "Renault", "Airbus", "Samsung", "Huawei",
    "TotalEnergies", "Capgemini", "Sanofi", "Nokia", "Ericsson", "IBM", "Oracle", "SAP",
    "Accenture", "Thales", "Safran", "Dassault Systèmes", "Schneider Electric", "Alstom",
    "Vodafone", "Deutsche Telekom", "Stellantis", "Toyota", "Honda", "Sony", "Panasonic",
    "Intel", "Nvidia", "Qualcomm", "Amazon", "Alibaba", "Tencent", "Baidu", "Google",
    "Apple", "Meta", "Salesforce", "Cisco", "Dell", "Lenovo", "Atos", "Engie", "EDF",
    "Veolia", "Danone", "L'Oréal", "LVMH", "Carrefour", "Publicis", "BNP Paribas",
    "Société Générale", "AXA", "Michelin", "Valeo", "Bouygues", "Vinci", "Air Liquide",
)  # fmt: skip

SYLLABLES = (
    "ar", "bel", "cor", "dan", "el", "fin", "gal", "hel", "ix", "jan", "kor", "lum", "mar",
    "nov", "or", "pel", "quin", "ros", "sol", "tar", "ul", "ver", "wen", "xal", "yor", "zen",
    "tra", "vo", "ne", "ka", "li", "sto", "gra", "fe", "mo", "ti",
)  # fmt: skip
ENDINGS = (
    "Systems", "Technologies", "Labs", "Energy", "Networks", "Bio", "Robotics", "Pharma",
    "Logistics", "Capital", "Analytics", "Mobility", "Semiconductor", "Foods", "Motors",
    "Health", "Security", "Cloud", "Materials", "Aerospace", "", "", "", "",
)  # fmt: skip

FIRST_NAMES = (
    "Anna",
    "Marc",
    "Sofia",
    "David",
    "Claire",
    "Jun",
    "Ravi",
    "Elena",
    "Thomas",
    "Yuki",
    "Pierre",
    "Laura",
    "Omar",
    "Julie",
    "Kenji",
    "Nadia",
    "Paul",
    "Ines",
    "Lucas",
    "Mei",
)
LAST_NAMES = (
    "Martin",
    "Schmidt",
    "Tanaka",
    "Rossi",
    "Dubois",
    "Chen",
    "Kumar",
    "Garcia",
    "Moreau",
    "Novak",
    "Laurent",
    "Fischer",
    "Sato",
    "Bernard",
    "Okafor",
    "Lindqvist",
    "Petit",
)
CITIES = (
    "Paris",
    "London",
    "Munich",
    "Tokyo",
    "Shenzhen",
    "New York",
    "San Francisco",
    "Lyon",
    "Toulouse",
    "Stockholm",
    "Seoul",
    "Singapore",
    "Montreal",
    "Milan",
)

AREAS = {
    "en": ("cloud services", "artificial intelligence", "electric vehicle batteries",
           "green hydrogen", "5G networks", "cybersecurity", "satellite connectivity",
           "digital payments", "vaccine research", "smart factories", "data centres",
           "autonomous driving", "semiconductor packaging", "retail logistics"),
    "fr": ("les services cloud", "l'intelligence artificielle", "les batteries électriques",
           "l'hydrogène vert", "les réseaux 5G", "la cybersécurité", "la connectivité satellite",
           "les paiements numériques", "la recherche vaccinale", "l'usine connectée",
           "les centres de données", "la conduite autonome", "les semi-conducteurs",
           "la logistique du commerce"),
}  # fmt: skip
PRODUCTS = (
    "platform",
    "chip",
    "battery cell",
    "software suite",
    "sensor",
    "vaccine candidate",
    "payment terminal",
    "drone",
    "server",
    "smartphone",
    "robot",
)
PRODUCTS_FR = (
    "plateforme",
    "puce",
    "cellule de batterie",
    "suite logicielle",
    "capteur",
    "candidat vaccin",
    "terminal de paiement",
    "drone",
    "serveur",
    "robot",
)
WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi"),
}

# Kinds of news and their share of the mix (partnerships are drawn separately).
OTHER_KINDS = {
    "results": 0.2,
    "acquisition": 0.1,
    "funding": 0.12,
    "launch": 0.14,
    "appointment": 0.08,
    "lawsuit": 0.07,
    "markets": 0.1,
    "contract": 0.09,
    "plant": 0.1,
}

# -- templates -----------------------------------------------------------------------------
# {a}, {b}: companies; {area}, {product}, {city}, {day}, {money}, {pct}, {person}, {n}.

_EN_TITLES = {
    "partnership": (
        "{a} and {b} sign strategic partnership on {area}",
        "{a} partners with {b} to expand {area}",
        "{a}, {b} form joint venture for {area}",
        "{a} and {b} sign memorandum of understanding on {area}",
        "{a} teams up with {b} on {area}",
        "{a} inks distribution agreement with {b}",
        "{a} signs licensing deal with {b} for its {product}",
        "{a} and {b} to co-develop {area} {product}",
    ),
    "results": (
        "{a} quarterly profit rises {pct}% on strong demand",
        "{a} misses revenue forecasts as costs climb",
        "{a} raises full-year outlook after record quarter",
    ),
    "acquisition": (
        "{a} to acquire {b} for {money}",
        "{a} agrees to buy {b} in {money} deal",
        "{b} accepts {a}'s improved takeover offer",
    ),
    "funding": (
        "{b} raises {money} in Series {letter} round",
        "Start-up {b} secures {money} to scale its {product}",
    ),
    "launch": (
        "{a} unveils new {product} for {area}",
        "{a} launches {product} aimed at business customers",
    ),
    "appointment": (
        "{a} names {person} chief executive",
        "{a} appoints {person} as finance chief",
    ),
    "lawsuit": (
        "{b} sues {a} over {product} patents",
        "Regulator fines {a} {money} over competition breaches",
    ),
    "markets": (
        "{a} shares slide {pct}% after guidance cut",
        "{a} stock hits record high on {area} optimism",
    ),
    "contract": (
        "{a} wins {money} contract with city of {city}",
        "{a} signs supply deal with {b} worth {money}",
    ),
    "plant": (
        "{a} to build {money} plant in {city}",
        "{a} opens new research centre in {city}",
    ),
}

_EN_LEADS = {
    "partnership": (
        "{a} and {b} said on {day} they had signed a strategic partnership to develop {area}"
        " for customers in Europe and Asia, in a deal that runs for five years.",
        "{a} has entered into a multi-year partnership with {b} to accelerate {area},"
        " the two companies announced on {day}.",
        "{a} and {b} will set up a 50/50 joint venture dedicated to {area}, with an initial"
        " investment of {money}, they said in a joint statement on {day}.",
        "{a} signed a memorandum of understanding with {b} on {day} covering {area},"
        " the first step towards a broader alliance between the two groups.",
        "{a} is teaming up with {b} to bring its {product} to {area}, the companies said on {day}.",
        "{a} has signed an exclusive distribution agreement with {b}, which will sell its"
        " {product} in {n} markets from next year, the companies said on {day}.",
        "{a} granted {b} an exclusive license to its {product} technology for use in {area},"
        " under a licensing agreement announced on {day}.",
        "{a} and {b} will jointly develop a new {product} for {area}, pooling engineering teams"
        " in {city}, they announced on {day}.",
    ),
    "results": (
        "{a} on {day} reported a {pct}% rise in quarterly net profit to {money}, beating analysts'"
        " estimates, as demand held up in its core markets.",
        "{a} posted lower-than-expected revenue for the third quarter on {day}, hit by higher"
        " energy and component costs, and warned margins would stay under pressure.",
    ),
    "acquisition": (
        "{a} has agreed to buy {b} for {money} in cash, the companies said on {day}, the latest"
        " in a string of deals in the sector.",
        "{a} said on {day} it would acquire {b} for {money}, after reaching an agreement with"
        " its main shareholders, in a move to strengthen its position in {area}.",
        "The board of {b} on {day} recommended an improved offer of {money} from {a},"
        " ending a three-month takeover battle.",
    ),
    "funding": (
        "{b}, a start-up based in {city}, said on {day} it had raised {money} in a round led by"
        " {c}, with participation from existing investors.",
        "{b} has closed a {money} funding round to scale its {product}, the company said on {day};"
        " {c} and several strategic partners took part.",
    ),
    "launch": (
        "{a} on {day} unveiled a new {product} designed for {area}, which it said would be"
        " available to business customers from the spring.",
        "{a} launched its latest {product} on {day}, promising lower costs for companies working"
        " on {area}.",
    ),
    "appointment": (
        "{a} has appointed {person} as chief executive with immediate effect, the company said"
        " on {day}, after a search that lasted several months.",
        "{a} said on {day} that {person} would become chief financial officer in March,"
        " succeeding a long-serving executive who is retiring.",
    ),
    "lawsuit": (
        "{b} has filed a lawsuit against {a} in {city}, alleging that its {product} infringes"
        " several patents, according to court documents seen on {day}.",
        "Competition authorities fined {a} {money} on {day} for abusing its dominant position in"
        " {area}, a decision the company said it would appeal.",
    ),
    "markets": (
        "Shares in {a} fell as much as {pct}% on {day} after the group cut its annual sales"
        " forecast, citing weaker orders.",
        "{a} shares rose to a record on {day}, lifted by investor enthusiasm for {area}"
        " and a broker upgrade.",
    ),
    "contract": (
        "{a} has won a {money} contract with the city of {city} to modernise its transport"
        " network, the company said on {day}.",
        "{a} signed a supply agreement with {b} worth {money} over four years, under which it"
        " will deliver {product}s from its plant in {city}, it said on {day}.",
    ),
    "plant": (
        "{a} will invest {money} in a new plant near {city}, creating about {n}00 jobs,"
        " the company said on {day}.",
        "{a} opened a research centre in {city} on {day}, where {n}00 engineers will work on"
        " {area}.",
    ),
}

_EN_BODY = (
    "The agreement builds on several years of commercial ties between the two groups and"
    " covers research, manufacturing and sales.",
    "Financial terms were not disclosed. Analysts said the move would help both companies"
    " compete with larger rivals in {area}.",
    '"This is an important step for our customers," said {person}, chief executive of {a}.'
    ' "Together we can move faster than either of us could alone."',
    "{a} employs about {n}0,000 people worldwide and reported revenue of {money} last year.",
    "Demand for {area} has grown rapidly over the past two years, driven by government"
    " incentives and corporate investment.",
    "Shares in {a} were up {pct}% in early trading in {city}.",
    "The company did not give a timetable for the first products, but said pilots would start"
    " with a small group of customers before the end of the year.",
    "Industry analysts expect the market for {area} to double by 2030, although supply"
    " constraints and regulation remain obstacles.",
    "{person}, an analyst at a {city} brokerage, said the figures were broadly in line with"
    " expectations and that investors would focus on the outlook.",
    "The group has been cutting costs and selling non-core businesses to refocus on {area}.",
    "Its rival, {b}, reported results last week that disappointed investors.",
    "The deal is subject to regulatory approvals and is expected to close in the second half"
    " of the year.",
    "The company said it would continue to work with its existing suppliers and channel"
    " partners during the transition.",
    "About {a}: {a} is a global technology group headquartered in {city}. It serves customers"
    " in more than {n}0 countries.",
    "Earlier this year, {a} announced plans to hire {n}00 engineers and open offices in {city}.",
    "The {product} market has been crowded with new entrants, putting pressure on prices and"
    " margins across the industry.",
    "The announcement comes as companies across the sector race to secure supplies and skills"
    " ahead of new European rules due to take effect next year.",
    "Executives said the first results would be presented to investors at a capital markets day"
    " in {city} in the autumn.",
    "{a} has spent heavily on research in recent years, with its budget reaching {money} in the"
    " last financial year.",
    "Trade unions said they would seek talks with management about the impact on jobs at the"
    " sites concerned.",
    "The market reaction was muted, with several investors saying they wanted more detail on"
    " costs and timing before changing their view.",
    "The company has faced questions from shareholders about its strategy since a profit warning"
    " at the start of the year.",
    "Customers in {city} and other large cities will be the first to benefit, the company said,"
    " with a wider roll-out planned for next year.",
    "{person}, who joined the group from a consulting firm, will oversee the project and report"
    " directly to the board.",
    "Several competitors have announced similar plans in recent months, a sign of how quickly"
    " the industry is changing.",
    "The company expects the investment to pay for itself within four years and to lift its"
    " operating margin by about {n} percentage points.",
    "Rating agencies have so far kept their outlook on {a} unchanged, citing its strong"
    " balance sheet and cash generation.",
    "Government officials welcomed the announcement, which they said would strengthen the"
    " region's industrial base and create skilled jobs.",
    "Sales in China slowed in the quarter, while North America and Europe held up better than"
    " expected.",
    "The group will publish its full-year results on {n} February and hold a call with analysts"
    " the same day.",
)

_FR_TITLES = {
    "partnership": (
        "{a} et {b} signent un partenariat stratégique dans {area}",
        "{a} s'associe à {b} pour accélérer dans {area}",
        "{a} et {b} créent une coentreprise dédiée à {area}",
        "{a} et {b} signent un protocole d'accord sur {area}",
        "{a} s'allie à {b} dans {area}",
        "{a} signe un accord de distribution avec {b}",
    ),
    "results": (
        "{a} : le bénéfice trimestriel progresse de {pct} %",
        "{a} relève ses prévisions annuelles après un trimestre record",
    ),
    "acquisition": (
        "{a} va racheter {b} pour {money}",
        "{a} met la main sur {b}",
    ),
    "funding": (
        "La start-up {b} lève {money} pour accélérer",
        "{b} boucle un tour de table de {money}",
    ),
    "launch": (
        "{a} dévoile une nouvelle {produit} pour {area}",
        "{a} lance sa {produit} à destination des entreprises",
    ),
    "appointment": (
        "{a} nomme {person} directeur général",
        "{person} prend la direction financière de {a}",
    ),
    "lawsuit": (
        "{b} attaque {a} en justice pour contrefaçon",
        "L'Autorité de la concurrence inflige une amende de {money} à {a}",
    ),
    "markets": (
        "{a} chute de {pct} % en Bourse après un avertissement",
        "{a} au plus haut historique à la Bourse de Paris",
    ),
    "contract": (
        "{a} remporte un contrat de {money} avec la ville de {city}",
        "{a} signe un contrat d'approvisionnement avec {b}",
    ),
    "plant": (
        "{a} va construire une usine de {money} près de {city}",
        "{a} inaugure un centre de recherche à {city}",
    ),
}

_FR_LEADS = {
    "partnership": (
        "{a} et {b} ont annoncé {day} la signature d'un partenariat stratégique pour développer"
        " {area} en Europe et en Asie, pour une durée de cinq ans.",
        "{a} s'associe à {b} afin d'accélérer son développement dans {area}, ont indiqué {day}"
        " les deux groupes dans un communiqué commun.",
        "{a} et {b} vont créer une coentreprise détenue à parts égales et consacrée à {area},"
        " avec un investissement initial de {money}, ont-ils annoncé {day}.",
        "{a} a signé {day} un protocole d'accord avec {b} portant sur {area}, première étape"
        " d'une alliance plus large entre les deux groupes.",
        "{a} a conclu un accord de distribution exclusive avec {b}, qui commercialisera sa"
        " {produit} dans {n} pays dès l'an prochain, selon un communiqué publié {day}.",
    ),
    "results": (
        "{a} a publié {day} un bénéfice net trimestriel en hausse de {pct} %, à {money},"
        " supérieur aux attentes des analystes.",
        "{a} a relevé {day} ses objectifs annuels après un troisième trimestre record, porté"
        " par la demande dans {area}.",
    ),
    "acquisition": (
        "{a} a annoncé {day} le rachat de {b} pour {money}, une opération qui renforce sa"
        " position dans {area}.",
        "{a} va prendre le contrôle de {b} après un accord avec ses principaux actionnaires,"
        " pour un montant de {money}, a-t-il indiqué {day}.",
    ),
    "funding": (
        "La jeune pousse {b}, installée à {city}, a levé {money} auprès de {c} et de ses"
        " investisseurs historiques, a-t-elle annoncé {day}.",
        "{b} a bouclé {day} un tour de table de {money} pour développer sa {produit}.",
    ),
    "launch": (
        "{a} a présenté {day} une nouvelle {produit} conçue pour {area}, disponible pour les"
        " entreprises dès le printemps.",
        "{a} lance sa dernière {produit}, promettant des coûts réduits pour les acteurs de {area},"
        " a-t-il annoncé {day}.",
    ),
    "appointment": (
        "{a} a nommé {person} au poste de directeur général avec effet immédiat, a annoncé"
        " le groupe {day}.",
        "{person} deviendra directeur financier de {a} en mars, a indiqué le groupe {day}.",
    ),
    "lawsuit": (
        "{b} a assigné {a} devant le tribunal de {city}, l'accusant de contrefaçon de plusieurs"
        " brevets liés à sa {produit}, selon des documents consultés {day}.",
        "L'Autorité de la concurrence a infligé {day} une amende de {money} à {a} pour abus de"
        " position dominante dans {area}.",
    ),
    "markets": (
        "L'action {a} a chuté de {pct} % {day} après l'abaissement de ses prévisions de ventes"
        " annuelles.",
        "Le titre {a} a atteint {day} un plus haut historique, porté par l'engouement des"
        " investisseurs pour {area}.",
    ),
    "contract": (
        "{a} a remporté un contrat de {money} avec la ville de {city} pour moderniser son réseau"
        " de transport, a annoncé l'entreprise {day}.",
        "{a} a signé un contrat d'approvisionnement avec {b} d'un montant de {money} sur quatre"
        " ans, a-t-il indiqué {day}.",
    ),
    "plant": (
        "{a} va investir {money} dans une nouvelle usine près de {city}, qui créera environ"
        " {n}00 emplois, a annoncé le groupe {day}.",
        "{a} a inauguré {day} à {city} un centre de recherche où travailleront {n}00 ingénieurs"
        " sur {area}.",
    ),
}

_FR_BODY = (
    "L'accord s'appuie sur plusieurs années de relations commerciales entre les deux groupes"
    " et couvre la recherche, la production et la vente.",
    "Le montant de l'opération n'a pas été dévoilé. Selon les analystes, elle doit permettre"
    " aux deux entreprises de rivaliser avec des concurrents plus grands dans {area}.",
    "« C'est une étape importante pour nos clients », a déclaré {person}, directeur général"
    " de {a}. « Ensemble, nous irons plus vite. »",
    "{a} emploie environ {n}0 000 personnes dans le monde et a réalisé un chiffre d'affaires"
    " de {money} l'an dernier.",
    "La demande dans {area} a fortement progressé ces deux dernières années, soutenue par les"
    " aides publiques et l'investissement des entreprises.",
    "À la Bourse de Paris, le titre {a} gagnait {pct} % en début de séance.",
    "Le groupe n'a pas donné de calendrier précis, mais des projets pilotes doivent démarrer"
    " avec quelques clients avant la fin de l'année.",
    "Les analystes s'attendent à un doublement du marché d'ici à 2030, même si les contraintes"
    " d'approvisionnement et la réglementation restent des obstacles.",
    "{person}, analyste dans une société de Bourse de {city}, juge ces chiffres conformes aux"
    " attentes et estime que les investisseurs regarderont surtout les perspectives.",
    "Le groupe réduit ses coûts et cède ses activités non stratégiques pour se recentrer sur"
    " {area}.",
    "Son concurrent {b} a publié la semaine dernière des résultats qui ont déçu les marchés.",
    "L'opération reste soumise à l'accord des autorités de la concurrence et devrait être"
    " finalisée au second semestre.",
    "L'entreprise indique qu'elle continuera de s'appuyer sur ses fournisseurs et ses"
    " partenaires commerciaux pendant la transition.",
    "À propos de {a} : {a} est un groupe technologique international dont le siège est à"
    " {city}. Il sert des clients dans plus de {n}0 pays.",
    "Plus tôt cette année, {a} avait annoncé le recrutement de {n}00 ingénieurs et"
    " l'ouverture de bureaux à {city}.",
    "Le marché est encombré de nouveaux acteurs, ce qui pèse sur les prix et les marges de"
    " tout le secteur.",
    "Cette annonce intervient alors que les entreprises du secteur se disputent les compétences"
    " et les approvisionnements avant l'entrée en vigueur de nouvelles règles européennes.",
    "Les dirigeants présenteront les premiers résultats aux investisseurs lors d'une journée"
    " dédiée à {city} à l'automne.",
    "{a} a fortement investi dans la recherche ces dernières années, avec un budget de {money}"
    " lors du dernier exercice.",
    "Les syndicats ont demandé à rencontrer la direction pour évaluer les conséquences sur"
    " l'emploi dans les sites concernés.",
    "La réaction du marché est restée mesurée, plusieurs investisseurs attendant davantage de"
    " détails sur les coûts et le calendrier.",
    "La stratégie du groupe est contestée par certains actionnaires depuis un avertissement sur"
    " résultats en début d'année.",
    "Les clients de {city} et des grandes métropoles seront les premiers concernés, avant un"
    " déploiement plus large l'an prochain.",
    "{person}, venu d'un cabinet de conseil, pilotera le projet et rendra compte directement au"
    " conseil d'administration.",
    "Plusieurs concurrents ont annoncé des projets comparables ces derniers mois, signe de la"
    " rapidité des transformations du secteur.",
    "L'entreprise espère rentabiliser cet investissement en quatre ans et améliorer sa marge"
    " opérationnelle d'environ {n} points.",
    "Les agences de notation ont maintenu leur perspective sur {a}, soulignant la solidité de"
    " son bilan.",
    "Les élus locaux ont salué une annonce qui renforce le tissu industriel de la région et"
    " crée des emplois qualifiés.",
    "Les ventes ont ralenti en Chine au cours du trimestre, tandis que l'Amérique du Nord et"
    " l'Europe ont mieux résisté que prévu.",
    "Le groupe publiera ses résultats annuels le {n} février et tiendra une conférence avec les"
    " analystes le même jour.",
)

TEMPLATES = {
    "en": (_EN_TITLES, _EN_LEADS, _EN_BODY),
    "fr": (_FR_TITLES, _FR_LEADS, _FR_BODY),
}
