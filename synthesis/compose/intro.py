"""The standard paragraphs of the introduction and the way forward, unless the presidency wrote its own."""

import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

from norms.codes import display
from norms.participants import in_sentence
from submissions.markdown import render
from synthesis.compose.document import Rich
from synthesis.compose.source import Source
from synthesis.compose.wording import joined, long_date, translations
from synthesis.freeze.points import split


def own_text(texts: Mapping[str, str], lang: str) -> str:
    """The presidency's text in `lang`, else in the other language until it is written in this
    one: a report leaving it out, or generating its own, would number its paragraphs apart from
    the other report's, and ¶N would cite different paragraphs in English and French."""
    return texts.get(lang) or next((texts[o] for o in ("en", "fr") if texts.get(o)), "")


def _own(source: Source, name: str, lang: str) -> list[Rich]:
    text = own_text(source.texts.get(name, {}), lang)
    return [Rich(f.html, f.markdown, f.text) for f in split(render(text))] if text else []


def introduction(source: Source, lang: str, names: dict[str, str]) -> list[Rich]:
    """Mandate (the presidency's text, else Dinard), scope, method, contributors, caveat."""
    t = translations(lang)
    _ = t.gettext
    mandate = _own(source, "introduction", lang) or [
        Rich.plain(
            _(
                "On 6 April 2019 in Dinard, the foreign ministers of the G7 adopted the Dinard "
                "Declaration on the Cyber Norm Initiative. G7 members committed to share best "
                "practices and lessons learned on implementing the voluntary, non-binding norms of "
                "responsible State behaviour already recognised at the United Nations, to share them "
                "with States beyond the G7, and to help others build the capacity to implement them."
            )
        )
    ]
    scope = " ".join(_scope(source, lang, names))
    count = len(source.practices)
    moment = long_date(source.as_of.date(), lang)
    method = " ".join(
        [
            _(
                "Participants shared written contributions with the presidency, which reviewed and "
                "published them. This synthesis consolidates the contributions published by {date}."
            ).format(date=moment),
            t.ngettext("It draws on one practice.", "It draws on {count} practices.", count).format(
                count=count
            ),
            _(
                "Points made by several contributions are merged into one point citing all of them, "
                "and each point is presented once, in the chapter of the norm it serves best; the "
                "other chapters refer to it. Points are ordered by the number of participants who "
                "made them. Each contribution is attributed to its participant or anonymised, as "
                "its authors chose."
            ),
            *_set_apart(source, lang),
            *_machine(source, lang),
        ]
    )
    named = in_sentences(
        {p.participant for p in source.practices if not p.is_anonymised}, names, lang
    )
    hidden = sum(p.is_anonymised for p in source.practices)
    who = []
    if named:
        who.append(
            _("Contributions were received from {participants}.").format(
                participants=joined(named, lang)
            )
        )
    if hidden:
        who.append(_unattributed(hidden, count, lang))
    if not count:
        who.append(_("No practice had been published by that date."))
    caveat = _(
        "The practices in this synthesis are shared voluntarily and are illustrative only. They are "
        "not an exhaustive account of any participant's policy, and they are not evidence of State "
        "practice or of opinio juris for the purposes of customary international law."
    )
    return [
        *mandate,
        Rich.plain(scope),
        Rich.plain(method),
        Rich.plain(" ".join(who)),
        Rich.plain(caveat),
    ]


def _unattributed(hidden: int, count: int, lang: str) -> str:
    """How many of the practices are anonymised, said of all the practices: the sentence before
    names participants, not practices."""
    t = translations(lang)
    if hidden == count:
        return t.ngettext(
            "The practice was shared without attribution.",
            "All {count} practices were shared without attribution.",
            count,
        ).format(count=count)
    return t.ngettext(
        "One of the {total} practices was shared without attribution.",
        "Of the {total} practices, {count} were shared without attribution.",
        hidden,
    ).format(count=hidden, total=count)


def _scope(source: Source, lang: str, names: dict[str, str]) -> list[str]:
    """What the synthesis covers, as its options say: all norms or some, every participant or
    some, every contribution or one cycle's."""
    t = translations(lang)
    _ = t.gettext
    wanted = source.options.get("norms")
    if wanted:
        codes = [n["code"] for n in source.catalogue["norms"] if n["code"] in wanted]
        sentences = [
            t.ngettext(
                "This synthesis covers norm {norms} of the eleven in paragraph 13 of the 2015 "
                "report of the Group of Governmental Experts (A/70/174), endorsed by the General "
                "Assembly in resolution 70/237.",
                "This synthesis covers norms {norms} of the eleven in paragraph 13 of the 2015 "
                "report of the Group of Governmental Experts (A/70/174), endorsed by the General "
                "Assembly in resolution 70/237.",
                len(codes),
            ).format(norms=joined([display(code) for code in codes], lang))
        ]
    else:
        sentences = [
            _(
                "The norms presented here are those of paragraph 13 of the 2015 report of the "
                "Group of Governmental Experts (A/70/174), endorsed by the General Assembly in "
                "resolution 70/237."
            )
        ]
    sentences.append(
        _(
            "They are one part of the wider framework of responsible State behaviour in "
            "cyberspace, next to international law, confidence-building measures and capacity "
            "building."
        )
    )
    cycle = source.catalogue.get("cycle_title")
    if cycle:
        sentences.append(
            _("It gathers the contributions to the cycle {cycle}.").format(
                cycle=f"«\u00a0{cycle.get(lang) or cycle['en']}\u00a0»"
                if lang == "fr"
                else f"“{cycle.get(lang) or cycle['en']}”"
            )
        )
    chosen = source.options.get("participants")
    if chosen:
        shown = in_sentences(chosen, names, lang)
        sentences.append(
            _("It presents the attributed practices of {participants} only.").format(
                participants=joined(shown, lang)
            )
        )
    return sentences


def _set_apart(source: Source, lang: str) -> list[str]:
    """What the method says of points printed in their own words (`merging.set_apart`): only for
    a synthesis made since they are, whose reports print them."""
    if not source.sets_apart:
        return []
    return [
        translations(lang).gettext(
            "A point close to others without saying the same thing is printed in its own words in "
            "the same paragraph, with its own attribution."
        )
    ]


def _machine(source: Source, lang: str) -> list[str]:
    """How many texts are a provider's drafts the presidency has not reviewed, if any."""
    count = source.machine.get(lang, 0)
    if not count:
        return []
    return [
        translations(lang)
        .ngettext(
            "One text drawn on from a contribution in another language is a machine translation "
            "the presidency has not yet reviewed.",
            "Of the texts drawn on from contributions in another language, {count} are machine "
            "translations the presidency has not yet reviewed.",
            count,
        )
        .format(count=count)
    ]


def way_forward(source: Source, lang: str) -> list[Rich]:
    _ = translations(lang).gettext
    return _own(source, "way_forward", lang) or [
        Rich.plain(text)
        for text in (
            _(
                "Participants intend to keep sharing their experience of implementing the norms, "
                "and to open this exchange to States beyond the G7 through outreach and dialogue."
            ),
            _(
                "This work contributes to the discussions at the United Nations, in particular in "
                "the permanent Global Mechanism on ICT security, and complements the voluntary "
                "checklist of practical actions and the National Survey of Implementation."
            ),
            _(
                "Participants stand ready to support States that wish to build the capacity to "
                "implement the norms, drawing on the practices gathered here."
            ),
        )
    ]


def in_sentences(codes: Iterable[str], names: Mapping[str, str], lang: str) -> list[str]:
    """Participants as a sentence names them: alphabetically by name, with "the" where English
    gives it ("the United Kingdom")."""
    ordered = sorted(set(codes), key=lambda code: sort_key(names.get(code, code)))
    return [in_sentence(code, names.get(code, code), lang) for code in ordered]


@lru_cache(maxsize=1024)  # participants' names, sorted again for every point they share
def sort_key(name: str) -> str:
    """Alphabetical order that ignores accents, as a reader expects ("États-Unis" under E)."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c)
    )
