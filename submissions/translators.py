"""Translation providers for machine drafts: Debian's Apertium, or a LibreTranslate-compatible API.

Neither reads settings: `provider` turns the deployer's setting into one, and callers pass it in.
"""

import re
import subprocess
from collections.abc import Callable, Sequence
from typing import Protocol

from norms.errors import Invalid

# Debian has no English-French pair: both directions go through Spanish.
_APERTIUM_PIPES = {
    ("en", "fr"): ("eng-spa", "es-fr"),
    ("fr", "en"): ("fr-es", "spa-eng"),
}
# Between two texts of one batch: a line Apertium leaves as it is.
_SEPARATOR = "\n\n.\u2016.\n\n"
# What starts a Markdown line (indent, list marker, quote, heading): kept, never translated.
_LEAD = re.compile(r"^(\s*(?:[-*+]\s+|\d+[.)]\s+|>\s*|#{1,6}\s+)*)")
# Link targets, bare addresses and inline code: kept out of translation, put back after.
_PROTECTED = re.compile(r"(?<=\]\()[^)\s]+|https?://[^\s)>\]]+|`[^`\n]+`")
_SLOT = re.compile(r"\u27e6(\d+)\u27e7")
# Apertium leaves a space before a comma or full stop where it dropped or moved a word.
_SPACE_BEFORE_STOP = re.compile(r"(?<=\S)[ \t]+(?=[,.](?:\s|$))")
# An English possessive apostrophe ("providers' periods") that French has no place for.
_TRAILING_APOSTROPHE = re.compile(r"(?<=\w)['\u2019](?=\s|$)")


class TranslationError(Exception):
    """The provider could not translate (not installed, unreachable, or refused)."""


class Translator(Protocol):
    name: str

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Each text in `target`, in order; Markdown structure, links and code kept."""
        ...


def by_line(texts: Sequence[str], translate: Callable[[list[str]], list[str]]) -> list[str]:
    """Translate Markdown texts a line at a time, the lines' markers kept out: a provider then
    cannot join two list items or turn an item into a paragraph."""
    kept: list[str] = []
    lines = [text.split("\n") for text in texts]
    contents = []
    for text in lines:
        for line in text:
            content = line[_LEAD.match(line).end() :]  # type: ignore[union-attr]
            if content.strip():
                contents.append(_protect(content, kept))
    found = iter(translate(contents) if contents else [])
    result = []
    for text in lines:
        out = []
        for line in text:
            lead = _LEAD.match(line).group(1)  # type: ignore[union-attr]
            content = line[len(lead) :]
            out.append(lead + _restore(next(found).strip(), kept) if content.strip() else line)
        result.append("\n".join(out))
    return result


class Apertium:
    """Apertium from Debian's packages (`apertium`, `apertium-eng-spa`, `apertium-fr-es`), run
    once per batch of texts: starting it is most of its cost."""

    name = "apertium"

    def __init__(self, command: str = "apertium", timeout: float = 300) -> None:
        self.command, self.timeout = command, timeout

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        if not texts:
            return []
        pairs = _APERTIUM_PIPES.get((source, target))
        if pairs is None:
            raise TranslationError(f"no Apertium route from {source} to {target}")

        def plain(lines: list[str]) -> list[str]:
            joined = _SEPARATOR.join(lines)
            for pair in pairs:
                joined = self._run(pair, joined)
            parts = joined.split(_SEPARATOR.strip())
            if len(parts) != len(lines):
                raise TranslationError("Apertium did not keep the texts apart")
            return [tidy(part.strip(), target) for part in parts]

        return by_line(texts, plain)

    def _run(self, pair: str, text: str) -> str:
        try:
            done = subprocess.run(
                [self.command, "-u", pair],
                input=text,
                capture_output=True,
                text=True,
                timeout=self.timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise TranslationError(f"cannot run Apertium: {error}") from error
        if done.returncode != 0:
            raise TranslationError(f"Apertium {pair} failed: {done.stderr.strip()[:300]}")
        return done.stdout


def tidy(text: str, target: str) -> str:
    """A machine draft without the stray spaces and apostrophes a rule-based pipeline leaves."""
    text = _SPACE_BEFORE_STOP.sub("", text)
    if target == "fr":
        text = _TRAILING_APOSTROPHE.sub("", text)
    return text


class LibreTranslate:
    """An HTTP API that speaks LibreTranslate's `POST /translate` (q as a list, format text)."""

    name = "libretranslate"

    def __init__(self, url: str, api_key: str | None = None, timeout: float = 60) -> None:
        self.url, self.api_key, self.timeout = url.rstrip("/"), api_key, timeout

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        if not texts:
            return []
        return by_line(texts, lambda lines: self._post(lines, source, target))

    def _post(self, texts: list[str], source: str, target: str) -> list[str]:
        payload: dict[str, object] = {
            "q": texts,
            "source": source,
            "target": target,
            "format": "text",
        }
        if self.api_key:
            payload["api_key"] = self.api_key
        import httpx  # imported when a translation server is used, not at start-up

        try:
            response = httpx.post(f"{self.url}/translate", json=payload, timeout=self.timeout)
        except httpx.HTTPError as error:
            raise TranslationError(f"cannot reach {self.url}: {error}") from error
        if response.status_code != 200:
            raise TranslationError(f"{self.url} answered {response.status_code}")
        found = response.json().get("translatedText")
        if isinstance(found, str):
            found = [found]
        if not isinstance(found, list) or len(found) != len(texts):
            raise TranslationError(f"{self.url} did not answer one text per text sent")
        return [str(text) for text in found]


def provider(spec: str | None) -> Translator | None:
    """The provider a setting names: "" for none, "apertium", or "libretranslate:<url>"."""
    spec = (spec or "").strip()
    if not spec:
        return None
    if spec == "apertium":
        return Apertium()
    name, _, url = spec.partition(":")
    if name == "libretranslate" and url.startswith(("http://", "https://")):
        return LibreTranslate(url)
    raise Invalid("translation", f"unknown provider {spec!r}; use apertium or libretranslate:<url>")


def _protect(text: str, kept: list[str]) -> str:
    def slot(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\u27e6{len(kept) - 1}\u27e7"

    return _PROTECTED.sub(slot, text)


def _restore(text: str, kept: Sequence[str]) -> str:
    return _SLOT.sub(lambda m: kept[int(m.group(1))] if int(m.group(1)) < len(kept) else "", text)
