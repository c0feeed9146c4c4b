"""Problem pages read by the offline backend: Baekjoon and Codeforces layouts, and URLs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from algoitny_core.llm import LLMError, ProblemInfo
from algoitny_core.llm.offline import OfflineBackend
from algoitny_core.llm.pages import identify, parse_html, validate_url

PAGES = Path(__file__).parent / "pages"


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def test_baekjoon_layout() -> None:
    url = "https://www.acmicpc.net/problem/1000"
    info = OfflineBackend().extract_problem_info(url, page("baekjoon_1000.html"))
    assert (info.platform, info.problem_id, info.title) == ("baekjoon", "1000", "A+B")
    assert info.constraints.splitlines() == [
        "첫째 줄에 N(1 ≤ N ≤ 100,000)이 주어진다.",
        "-10^9 ≤ A_i ≤ 10^9",
    ]
    assert "A_1, A_2, ..., A_N" in info.input_format
    assert info.output_format == "첫째 줄에 A의 합을 출력한다."
    assert (info.time_limit, info.memory_limit_mb) == (2.0, 128)
    assert info.tags == ("수학", "구현")
    assert [(s.input, s.output) for s in info.samples] == [("3\n1 2 3\n", "6\n")]


def test_codeforces_layout() -> None:
    url = "https://codeforces.com/problemset/problem/4/A"
    info = OfflineBackend().extract_problem_info(url, page("codeforces_4a.html"))
    assert (info.platform, info.problem_id, info.title) == ("codeforces", "4A", "Watermelon")
    assert len(info.constraints.splitlines()) == 2
    assert "1 \\le k \\le n \\le 100" in info.constraints
    assert not info.input_format.startswith("Input")
    assert info.output_format == "Print YES or NO."
    assert (info.time_limit, info.memory_limit_mb) == (1.0, 64)
    assert info.tags == ("brute force", "math")
    assert [(s.input, s.output) for s in info.samples] == [("3 2\n1 2 3\n", "YES\n")]


@pytest.mark.parametrize(
    ("name", "url", "edges"),
    [
        (
            "codeforces_4a.html",
            "https://codeforces.com/contest/4/problem/A",
            {0: "1 1\n-1000000000\n", 1: "100 100\n" + " ".join(["1000000000"] * 100) + "\n"},
        ),
        (
            "baekjoon_1000.html",
            "https://www.acmicpc.net/problem/1000",
            {0: "1\n-1000000000\n"},
        ),
    ],
)
def test_extracted_constraints_feed_the_generator(
    tmp_path: Path, name: str, url: str, edges: dict[int, str]
) -> None:
    backend = OfflineBackend()
    info = backend.extract_problem_info(url, page(name))
    script = tmp_path / "generator.py"
    script.write_text(backend.generate_generator_script(AsProblem(info)), encoding="utf-8")
    for index, expected in edges.items():
        argv = [sys.executable, str(script), "7", str(index), "10"]
        done = subprocess.run(argv, capture_output=True, text=True, check=True)
        assert done.stdout == expected


class AsProblem:
    """A ProblemInfo seen through the attributes a backend reads from a problem."""

    def __init__(self, info: ProblemInfo) -> None:
        self.title, self.constraints = info.title, info.constraints
        self.platform, self.problem_id, self.problem_url = info.platform, info.problem_id, info.url
        self.tags, self.solution_code, self.language = list(info.tags), "", ""


def test_page_without_constraints_is_a_permanent_error() -> None:
    with pytest.raises(LLMError, match="No constraints found"):
        OfflineBackend().extract_problem_info(
            "https://example.com/about", page("no_constraints.html")
        )


def test_any_page_with_bounds_is_read_generically() -> None:
    html = "<html><head><title>Sum</title></head><body><p>1 &le; N &le; 10</p></body></html>"
    info = OfflineBackend().extract_problem_info("https://example.com/p/1", html)
    assert (info.platform, info.title, info.constraints) == ("", "Sum", "1 ≤ N ≤ 10")


def test_offline_backend_needs_the_html() -> None:
    with pytest.raises(LLMError, match="does not fetch"):
        OfflineBackend().extract_problem_info("https://www.acmicpc.net/problem/1000")


@pytest.mark.parametrize(
    "url", ["ftp://example.com/p", "javascript:alert(1)", "www.acmicpc.net/problem/1", "https://"]
)
def test_non_http_urls_are_refused(url: str) -> None:
    with pytest.raises(LLMError, match="Not an http"):
        validate_url(url)
    with pytest.raises(LLMError, match="Not an http"):
        OfflineBackend().extract_problem_info(url, page("baekjoon_1000.html"))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.acmicpc.net/problem/1000", ("baekjoon", "1000")),
        ("https://codeforces.com/problemset/problem/1352/C", ("codeforces", "1352C")),
        ("https://codeforces.com/contest/4/problem/a", ("codeforces", "4A")),
        ("https://example.com/problem/1", ("", "")),
    ],
)
def test_identify(url: str, expected: tuple[str, str]) -> None:
    assert identify(url) == expected


def test_text_skips_scripts_and_keeps_blocks_apart() -> None:
    root = parse_html("<div><p>a<b>b</b></p><script>x()</script><p>c&lt;d</p></div>")
    assert root.text() == "ab\nc<d"


def test_problem_info_round_trips_through_a_dict() -> None:
    url = "https://www.acmicpc.net/problem/1000"
    info = OfflineBackend().extract_problem_info(url, page("baekjoon_1000.html"))
    data = info.as_dict()
    assert data["tags"] == ["수학", "구현"]
    assert data["samples"] == [{"input": "3\n1 2 3\n", "output": "6\n"}]
    assert ProblemInfo.from_dict(data) == info
