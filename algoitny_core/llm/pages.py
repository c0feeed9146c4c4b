"""Problem pages: URL checks and the Baekjoon and Codeforces layouts read from HTML.

Written on the standard library's ``html.parser`` rather than BeautifulSoup or lxml so that
the default, offline backend adds no dependency; the pages are read through a handful of
ids and classes, which a small element tree answers well enough.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.error import HTTPError
from urllib.parse import urlparse
from urllib.request import Request, urlopen

from algoitny_core.llm.base import LLMError, TransientLLMError
from algoitny_core.llm.constraints import normalize

_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}
_BLOCK = {"p", "div", "br", "li", "pre", "section", "tr", "h1", "h2", "h3", "h4", "ul", "ol"}
_SKIP = {"script", "style", "head", "noscript"}


@dataclasses.dataclass
class Element:
    """One HTML element with its children (elements or text)."""

    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = dataclasses.field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self) -> Iterator[Element]:
        """This element and every element below it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find(self, *, id: str | None = None, cls: str | None = None) -> Element | None:
        """The first element below (or at) this one with that id or class."""
        for element in self.iter():
            if (id is None or element.attrs.get("id") == id) and (
                cls is None or cls in element.classes
            ):
                return element
        return None

    def find_all(self, cls: str) -> list[Element]:
        return [e for e in self.iter() if cls in e.classes]

    def text(self) -> str:
        """Visible text: block elements on their own lines, sub/superscripts as ``_x`` ``^x``."""
        parts: list[str] = []
        self._collect(parts)
        raw = "".join(parts).replace("\xa0", " ").split("\n")
        lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in raw)
        return "\n".join(line for line in lines if line)

    def _collect(self, parts: list[str]) -> None:
        if self.tag in _SKIP:
            return
        if self.tag == "pre":
            parts.append("\n" + "".join(self._raw()) + "\n")
            return
        prefix = {"sub": "_", "sup": "^"}.get(self.tag, "")
        parts.append("\n" if self.tag in _BLOCK else prefix)
        for child in self.children:
            if isinstance(child, Element):
                child._collect(parts)
            else:
                parts.append(child.replace("\n", " "))
        if self.tag in _BLOCK:
            parts.append("\n")

    def _raw(self) -> Iterator[str]:
        for child in self.children:
            if isinstance(child, str):
                yield child
                continue
            yield from child._raw()
            if child.tag in ("div", "br"):  # Codeforces writes sample lines as <div>s
                yield "\n"


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        # Close up to the matching open tag; a stray end tag (sloppy HTML) is ignored.
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Element:
    """The element tree of ``html``."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def validate_url(url: str) -> str:
    """``url`` if it is an http(s) URL with a host, else ``LLMError``."""
    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise LLMError(f"Not an http(s) URL: {url!r}.")
    return url.strip()


def identify(url: str) -> tuple[str, str]:
    """``(platform, problem_id)`` for a Baekjoon or Codeforces problem URL, else ``("", "")``."""
    parsed = urlparse(url)
    host, path = parsed.netloc.lower(), parsed.path
    if host.endswith("acmicpc.net"):
        match = re.search(r"/problem/(\d+)", path)
        return ("baekjoon", match.group(1) if match else "")
    if host.endswith("codeforces.com"):
        match = re.search(
            r"/(?:problemset/problem|contest|gym)/(\d+)/(?:problem/)?([A-Za-z]\d*)", path
        )
        return (
            ("codeforces", match.group(1) + match.group(2).upper()) if match else ("codeforces", "")
        )
    return "", ""


def constraint_lines(text: str) -> list[str]:
    """The lines of ``text`` that state a bound (hold a comparison)."""
    return [line for line in text.splitlines() if re.search(r"[<>]", normalize(line))]


def fetch(url: str, timeout: float) -> str:
    """The page at ``url``; a 429, 5xx or network failure is transient, other statuses not."""
    request = Request(validate_url(url), headers={"User-Agent": "algoitny-core"})
    try:
        with urlopen(request, timeout=timeout) as response:  # http(s) only: checked above
            charset = response.headers.get_content_charset() or "utf-8"
            return str(response.read().decode(charset, errors="replace"))
    except HTTPError as exc:
        if exc.code == 429 or exc.code >= 500:
            raise TransientLLMError(f"Fetching {url} failed with HTTP {exc.code}.") from exc
        raise LLMError(f"Fetching {url} failed with HTTP {exc.code}.") from exc
    except OSError as exc:  # URLError, timeouts, refused connections
        raise TransientLLMError(f"Fetching {url} failed: {exc}.") from exc
