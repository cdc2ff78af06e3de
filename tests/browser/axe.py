"""axe-core, from the npm registry, run inside the page; violations printed so a person can act on them."""

from typing import Any

from tests.browser.live import AXE

# Every rule axe runs by default (WCAG 2.0-2.2 A and AA, best practices), none switched off.
RUN = "() => axe.run(document, {resultTypes: ['violations']})"


def inject(page: Any) -> None:
    """Load axe into the page. Evaluated through the DevTools protocol, so the app's CSP
    (script-src 'self') stays on and still guards everything the page loads itself."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text("utf-8") + "\n;undefined")


def violations(page: Any) -> list[dict[str, Any]]:
    inject(page)
    return list(page.evaluate(RUN)["violations"])


def describe(found: list[dict[str, Any]]) -> str:
    lines = []
    for violation in found:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"][:5]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}\n      {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def assert_accessible(page: Any) -> None:
    found = violations(page)
    assert not found, f"axe-core found violations on {page.url}:\n{describe(found)}"
