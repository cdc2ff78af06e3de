"""Deterministic practice text in English and French: titles, summaries and Markdown bodies."""

import itertools
import math
import random


def words(text: str) -> list[str]:
    return text.split()


EN = words(
    "agency national cyber security incident response team critical infrastructure operators "
    "register sector regulator exercise coordination information sharing vulnerability "
    "disclosure supply chain certification framework strategy law cooperation assistance "
    "request contact point ministry partners capacity training awareness campaign programme "
    "assessment attribution evidence forensic network energy water health finance transport "
    "telecommunications election protection resilience recovery plan procedure policy "
    "guidance standard audit review report annual regional bilateral multilateral dialogue "
    "confidence transparency measures private sector academia civil society researchers "
    "vendors products software hardware patch remediation coordinated responsible public "
    "trust privacy rights expression oversight judicial prosecution crime terrorism police "
    "treaty convention mutual legal data retention warrant cloud provider hosting botnet "
    "malware ransomware phishing threat intelligence indicators platform portal hotline "
    "escalation crisis cell simulation tabletop scenario lessons findings improvement "
    "governance budget staff recruitment skills curriculum university gender inclusion "
    "women youth outreach embassy mission delegation presidency secretariat workshop "
    "conference meeting agreement memorandum understanding commitment restraint doctrine "
    "military operations internal guidelines review board legal advisers"
)
FR = words(
    "agence nationale cybersécurité équipe réponse incident infrastructures critiques "
    "opérateurs registre secteur régulateur exercice coordination partage information "
    "vulnérabilité divulgation chaîne approvisionnement certification cadre stratégie loi "
    "coopération assistance demande point contact ministère partenaires renforcement "
    "capacités formation sensibilisation campagne programme évaluation attribution preuve "
    "criminalistique réseau énergie eau santé finance transport télécommunications élection "
    "protection résilience reprise plan procédure politique orientation norme audit examen "
    "rapport annuel régional bilatéral multilatéral dialogue confiance transparence mesures "
    "secteur privé université société civile chercheurs fournisseurs produits logiciels "
    "matériel correctif remédiation coordonnée responsable public droits vie privée "
    "expression contrôle judiciaire poursuites criminalité terrorisme police traité "
    "convention entraide données conservation mandat nuage hébergeur rançongiciel "
    "hameçonnage menace renseignement indicateurs plateforme portail permanence escalade "
    "crise cellule simulation scénario enseignements constats amélioration gouvernance "
    "budget personnel recrutement compétences cursus genre inclusion femmes jeunesse "
    "ambassade mission délégation présidence secrétariat atelier conférence réunion accord "
    "mémorandum engagement retenue doctrine militaire opérations lignes directrices"
)
GLUE = {
    "en": words("the of and to in for with by on a its their each through between"),
    "fr": words("le la les de des et pour avec par sur un une ses leur chaque entre"),
}
SYLLABLES = {
    "en": words(
        "ba be bi bo bu ca co cu da de di do fa fe fi fo ga ge go ha he hi ho ka ke ki ko "
        "la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so su ta te "
        "ti to tu va ve vi vo wa we wi za ze ter con pro ex in ment tion al er ing"
    ),
    "fr": words(
        "ba be bi bo bu ca co cu da de di do fa fe fi fo ga ge go la le li lo lu ma me mi "
        "mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo "
        "é è ê eau eur ien ion ment tion oi ou an on in"
    ),
}
TAIL = 20_000


def vocabulary(lang: str) -> list[str]:
    """A Zipf-ranked vocabulary: a long tail of coined words, the field's words among them.

    Real text has thousands of distinct words and a query term is in a few percent of the
    documents; the field's words sit at ranks 150 to 8,000 so searches behave that way.
    """
    rng = random.Random(f"vocabulary:{lang}")
    tail: set[str] = set()
    while len(tail) < TAIL:
        tail.add("".join(rng.choices(SYLLABLES[lang], k=rng.randint(2, 4))))
    ranked = sorted(tail - set(DOMAIN[lang]))
    rng.shuffle(ranked)
    for word in DOMAIN[lang]:
        ranked.insert(int(math.exp(rng.uniform(math.log(150), math.log(8000)))), word)
    return ranked


DOMAIN = {"en": EN, "fr": FR}
WORDS = {lang: vocabulary(lang) for lang in DOMAIN}
CUMULATIVE = {
    lang: list(itertools.accumulate(1 / (r + 1) for r in range(len(w))))
    for lang, w in WORDS.items()
}


def sentence(rng: random.Random, lang: str, words: int) -> str:
    picked = rng.choices(WORDS[lang], cum_weights=CUMULATIVE[lang], k=words)
    glue = GLUE[lang]
    out = [w if i % 3 else f"{rng.choice(glue)} {w}" for i, w in enumerate(picked)]
    text = " ".join(out)
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, lang: str, chars: int) -> str:
    parts: list[str] = []
    size = 0
    while size < chars:
        parts.append(sentence(rng, lang, rng.randint(8, 18)))
        size += len(parts[-1]) + 1
    return " ".join(parts)


def title(rng: random.Random, lang: str) -> str:
    return sentence(rng, lang, rng.randint(4, 8)).rstrip(".")


def summary(rng: random.Random, lang: str) -> str:
    return paragraph(rng, lang, rng.randint(200, 280))


def body(rng: random.Random, lang: str) -> str:
    """About 3,000 characters of Markdown: headings, paragraphs, a list, emphasis and a link."""
    blocks: list[str] = []
    while sum(len(b) for b in blocks) < 2800:
        kind = rng.random()
        if kind < 0.15:
            blocks.append("### " + title(rng, lang))
        elif kind < 0.35:
            blocks.append(
                "\n".join(f"- {sentence(rng, lang, rng.randint(5, 10))}" for _ in range(4))
            )
        else:
            text = paragraph(rng, lang, rng.randint(300, 600))
            word = rng.choice(DOMAIN[lang])
            text = text.replace(f" {word} ", f" **{word}** ", 1)
            if rng.random() < 0.3:
                text += f" See [the {word} page](https://example.org/{word}/{rng.randint(1, 999)})."
            blocks.append(text)
    return "\n\n".join(blocks)


def points(rng: random.Random, lang: str) -> str:
    """A short Markdown list: lessons learned or best practices."""
    return "\n".join(
        f"- {sentence(rng, lang, rng.randint(8, 16))}" for _ in range(rng.randint(2, 5))
    )
