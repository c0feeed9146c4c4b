"""Read a :class:`ProblemInfo` from a problem page: Baekjoon, Codeforces, or any page."""

from __future__ import annotations

import re

from algoitny_core.llm.base import LLMError, ProblemInfo, Sample
from algoitny_core.llm.pages import Element, constraint_lines, identify, parse_html, validate_url


def _text(element: Element | None, drop: str | None = None) -> str:
    """Text of ``element`` without the child whose class is ``drop`` (a section heading)."""
    if element is None:
        return ""
    if drop:
        kept = [c for c in element.children if not (isinstance(c, Element) and drop in c.classes)]
        element = Element(element.tag, element.attrs, kept)
    return element.text()


def _number(text: str, unit: str) -> float | None:
    match = re.search(rf"(\d+(?:\.\d+)?)\s*(?:{unit})", text)
    return float(match.group(1)) if match else None


def _pre(element: Element | None) -> str:
    return "".join(element._raw()).strip("\n") + "\n" if element is not None else ""


def _baekjoon(root: Element, url: str) -> ProblemInfo:
    input_text = _text(root.find(id="problem_input"))
    limit_text = _text(root.find(id="problem_limit"))
    info = root.find(id="problem-info")
    cells = [c.text() for c in info.iter() if c.tag == "td"] if info else []
    samples = []
    for k in range(1, 100):
        sample_in = root.find(id=f"sample-input-{k}")
        if sample_in is None:
            break
        samples.append(Sample(_pre(sample_in), _pre(root.find(id=f"sample-output-{k}"))))
    tags_box = root.find(id="problem_tags")
    tags = [a.text() for a in tags_box.iter() if a.tag == "a"] if tags_box else []
    memory = _number(cells[1], "MB") if len(cells) > 1 else None
    return _info(
        url,
        title=_text(root.find(id="problem_title")),
        constraints=constraint_lines(input_text + "\n" + limit_text),
        input_format=input_text,
        output_format=_text(root.find(id="problem_output")),
        tags=tags,
        time_limit=_number(cells[0], "초|sec") if cells else None,
        memory_limit_mb=int(memory) if memory else None,
        samples=samples,
    )


def _codeforces(statement: Element, root: Element, url: str) -> ProblemInfo:
    header = statement.find(cls="header") or statement
    title = _text(header.find(cls="title"))
    input_text = _text(statement.find(cls="input-specification"), drop="section-title")
    samples = []
    for test in statement.find_all("sample-test"):
        inputs = [_pre(_find_pre(e)) for e in test.find_all("input")]
        outputs = [_pre(_find_pre(e)) for e in test.find_all("output")]
        samples += [Sample(i, o) for i, o in zip(inputs, outputs, strict=False)]
    memory = _number(_text(header.find(cls="memory-limit")), "megabyte|MB")
    return _info(
        url,
        title=re.sub(r"^[A-Z]\d?\.\s*", "", title),
        constraints=constraint_lines(input_text),
        input_format=input_text,
        output_format=_text(statement.find(cls="output-specification"), drop="section-title"),
        tags=[_text(t) for t in root.find_all("tag-box")],
        time_limit=_number(_text(header.find(cls="time-limit")), "second"),
        memory_limit_mb=int(memory) if memory else None,
        samples=samples,
    )


def _find_pre(element: Element) -> Element | None:
    return next((e for e in element.iter() if e.tag == "pre"), None)


def _info(
    url: str,
    *,
    title: str,
    constraints: list[str],
    tags: list[str],
    samples: list[Sample],
    input_format: str = "",
    output_format: str = "",
    time_limit: float | None = None,
    memory_limit_mb: int | None = None,
) -> ProblemInfo:
    if not constraints:
        raise LLMError(f"No constraints found on the page {url}: no line states a bound.")
    platform, problem_id = identify(url)
    return ProblemInfo(
        url=url,
        platform=platform,
        problem_id=problem_id,
        title=title,
        constraints="\n".join(constraints),
        input_format=input_format,
        output_format=output_format,
        tags=tuple(t.strip() for t in tags if t.strip()),
        time_limit=time_limit,
        memory_limit_mb=memory_limit_mb,
        samples=tuple(samples),
    )


def extract(url: str, html: str) -> ProblemInfo:
    """The problem on the page ``html`` fetched from ``url``; ``LLMError`` when unreadable."""
    url = validate_url(url)
    root = parse_html(html)
    if root.find(id="problem_title") is not None:
        return _baekjoon(root, url)
    statement = root.find(cls="problem-statement")
    if statement is not None:
        return _codeforces(statement, root, url)
    heading = next((e for e in root.iter() if e.tag in ("h1", "title")), None)
    return _info(
        url,
        title=_text(heading),
        constraints=constraint_lines(root.text()),
        tags=[],
        samples=[],
    )
