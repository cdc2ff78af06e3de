"""A labelled relevance set over the demo data: each query with the demo practices (their index
in api/demo/data.json) a reader would expect in the first ten results.

Topic sets follow the practices' themes; a participant's set holds its attributed practices only
(an anonymised one must never be found by naming its author).
"""

VULNERABILITIES = {3, 11, 19, 24, 28, 40}
CONTACTS = {5, 6, 10, 15, 18, 26, 36, 38}
SUPPLY_CHAIN = {7, 20, 25, 32, 40}
RIGHTS = {8, 12, 33, 42}
RESTRAINT = {2, 10, 16, 27, 43}
ATTRIBUTION = {1, 22, 31, 38}
EXERCISES = {21, 36, 41}
CRIME = {15, 23, 26, 33, 42}
INFRASTRUCTURE = {0, 7, 14, 20, 21, 25, 30, 32, 34, 41}
CONFIDENCE = {5, 16, 22, 31, 38, 43}
FRANCE = {0, 1, 3, 5}
UNION = {30, 31, 32, 33}
GERMANY = {10, 12}
UNITED_KINGDOM = {22, 25}
NORM_C = {2, 23, 27, 43}
NORM_G = {0, 14, 21, 30, 34}
NORM_J = VULNERABILITIES

# (kind, query, expected)
QUERIES: list[tuple[str, str, set[int]]] = [
    ("name", "France", FRANCE),
    ("code", "FRA", FRANCE),
    ("name", "European Union", UNION),
    ("name", "Union européenne", UNION),
    ("code", "EU", UNION),
    ("name", "Germany", GERMANY),
    ("name", "Allemagne", GERMANY),
    ("name", "Japon", {19, 21}),
    ("name", "United Kingdom", UNITED_KINGDOM),
    ("name", "Royaume-Uni", UNITED_KINGDOM),
    ("name", "Kenya", {34}),
    ("name", "Estonie", {40, 41}),
    ("norm", "13(c)", NORM_C),
    ("norm", "13c", NORM_C),
    ("norm", "norm c", NORM_C),
    ("norm", "13g", NORM_G),
    ("norm", "norme g", NORM_G),
    ("norm", "13(j)", NORM_J),
    ("en", "vulnerability disclosure", VULNERABILITIES),
    ("fr", "divulgation des vulnérabilités", VULNERABILITIES),
    ("en", "point of contact", CONTACTS),
    ("fr", "point de contact", CONTACTS),
    ("en", "supply chain", SUPPLY_CHAIN),
    ("fr", "chaîne d'approvisionnement", SUPPLY_CHAIN),
    ("en", "intelligence oversight", {8, 12, 42}),
    ("fr", "contrôle du renseignement", {8, 12, 42}),
    ("en", "restraint in cyber operations", RESTRAINT),
    ("fr", "retenue", RESTRAINT),
    ("en", "attribution", ATTRIBUTION),
    ("en", "exercise", EXERCISES),
    ("fr", "exercice", EXERCISES),
    ("en", "cybercrime", CRIME),
    ("fr", "cybercriminalité", CRIME),
    ("en", "electronic evidence", {15, 26}),
    ("fr", "preuve électronique", {15, 26}),
    ("en", "critical infrastructure", INFRASTRUCTURE),
    ("fr", "infrastructures critiques", INFRASTRUCTURE),
    ("en", "confidence-building measures", CONFIDENCE),
    ("fr", "mesures de confiance", CONFIDENCE),
    ("en", "bug bounty", {40}),
    ("cross", "prime aux bogues", {40}),
    ("cross", "sécurité des télécommunications", {7, 25}),
    ("cross", "telecommunications equipment security", {7, 25}),
    ("cross", "opérateurs de services essentiels", {0, 14, 30}),
    ("cross", "operators of vital importance", {0, 14, 30}),
    ("cross", "droits humains et vie privée", RIGHTS),
    ("typo", "infrastucture", INFRASTRUCTURE),
    ("typo", "vulnerabilty disclosure", VULNERABILITIES),
    ("typo", "cybercrme", CRIME),
    ("typo", "confidense building", CONFIDENCE),
    ("mixed", "France vulnerability", {3}),
    ("mixed", "supply chain EU", {32}),
    ("mixed", "13j disclosure policy", {3, 24, 28, 40}),
]
