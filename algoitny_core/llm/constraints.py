"""Read constraint lines such as ``1 ≤ N ≤ 100,000`` or ``$1 \\le a_i \\le 10^9$``.

A line is normalised (Unicode and LaTeX operators to ASCII, thousands separators and
superscripts removed), then every ``low <(=) names <(=) high`` chain in it is read. A line
that still holds a comparison after its chains are taken out cannot be read, and the whole
text is refused with :class:`ConstraintParseError` naming it: guessing would produce a
generator that writes invalid tests.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Callable

from algoitny_core.llm.base import ConstraintParseError, LLMError

Number = int | float
# A bound is a number or a reference to a scalar plus an offset (``1 ≤ K ≤ N - 1``).
Bound = Number | tuple[str, int]

_REPLACEMENTS: list[tuple[str, str | Callable[[re.Match[str]], str]]] = [
    (r"\\leqslant|\\leq|\\le\b|[≤⩽≦]", "<="),
    (r"\\geqslant|\\geq|\\ge\b|[≥⩾≧]", ">="),
    (r"\\lt\b", "<"),
    (r"\\gt\b", ">"),
    (r"\\cdot|\\times|[\u00b7\u00d7\u22c5\u2219]", "*"),
    (r"\\ldots|\\cdots|\\dots|…", "..."),
    (r"\\left\||\\right\||\\lvert|\\rvert|\\vert|\\mid", "|"),
    (r"\\[,;!]|\\ |\$", " "),
    (r"[\u2212\u2013]", "-"),  # minus sign, en dash
    (r"\^\s*\{\s*(-?\d+)\s*\}", r"^\1"),
    (r"\\mathit\{([^{}]*)\}|\\mathrm\{([^{}]*)\}|\\text\{([^{}]*)\}", r"\1\2\3"),
    (r"(?<!\d)(\d{1,3})((?:,\d{3})+)(?!\d)", lambda m: m.group(0).replace(",", "")),
    (r"(?<=\d) (?=\d{3}(?!\d))", ""),  # "100 000"
]
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_SUPERSCRIPT_RUN = "[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+"

_NUM = r"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?"
_POWER = rf"{_NUM}(?:\s*\^\s*-?\d+)?"
_PRODUCT = rf"{_POWER}(?:\s*\*\s*{_POWER})*"
_NUMEXPR = rf"-?\s*{_PRODUCT}(?:\s*[-+]\s*{_PRODUCT})*"
_IDENT = r"[A-Za-z][A-Za-z0-9]*'*"
_REF = rf"{_IDENT}(?:\s*[-+]\s*\d+)?"
_BOUND = rf"(?:{_NUMEXPR}|{_REF})"
_SUB = r"(?:_\s*(?:\{[^{}]*\}|[A-Za-z0-9]+)|(?:\[[^\[\]]*\])+)"
_VAR = rf"(?:\|\s*{_IDENT}\s*{_SUB}?\s*\||{_IDENT}\s*{_SUB}?)"
_VARS = rf"{_VAR}(?:\s*,\s*(?:{_VAR}|\.\.\.))*"
_CHAIN = re.compile(
    rf"(?P<low>{_BOUND})\s*(?P<op1><=?)\s*(?P<vars>{_VARS}(?:\s*<=?\s*{_VARS})*)"
    rf"\s*(?P<op2><=?)\s*(?P<high>{_BOUND})"
)
# Baekjoon's prose bounds: "N은 1 이상 100 이하", "N은 1보다 크거나 같고 100보다 작거나 같다".
_KOREAN = [
    re.compile(
        rf"({_IDENT})\s*[은는이가]?\s*({_BOUND})\s*이상\s*(?:,|이고|이며)?\s*({_BOUND})\s*이하"
    ),
    re.compile(
        rf"({_IDENT})\s*[은는이가]?\s*({_BOUND})\s*보다\s*크거나\s*같고\s*,?\s*"
        rf"({_BOUND})\s*보다\s*작거나\s*같"
    ),
]
# "10^5 ≥ N ≥ 1" is read as "1 ≤ N ≤ 10^5".
_DESCENDING = re.compile(
    rf"(?P<high>{_BOUND})\s*>(?P<eq1>=?)\s*(?P<vars>{_VARS})\s*>(?P<eq2>=?)\s*(?P<low>{_BOUND})"
)
_VAR_PARTS = re.compile(rf"(?P<bar>\|)?\s*(?P<name>{_IDENT})\s*(?P<sub>{_SUB})?\s*\|?")


@dataclasses.dataclass
class Variable:
    """One name from the constraints, with its bounds and how it is shaped."""

    name: str
    shape: str  # "scalar", "array", "grid", "string", "strings" (an array of strings)
    low: Bound
    high: Bound
    decimals: int = 0  # 0: integers
    group: int = 0  # arrays read from one chain are printed side by side
    alphabet: str = "abcdefghijklmnopqrstuvwxyz"
    last_index: str = ""  # "N" in "a_1, ..., a_N": the array's length
    mention: int = 0  # where the text first names it: "n and k (1 ≤ k ≤ n)" reads n first


def normalize(line: str) -> str:
    """``line`` with operators, separators and exponents in one ASCII spelling."""
    text = line.replace("\xa0", " ")
    text = re.sub(_SUPERSCRIPT_RUN, lambda m: "^" + m.group(0).translate(_SUPERSCRIPTS), text)
    for pattern, replacement in _REPLACEMENTS:
        text = re.sub(pattern, replacement, text)
    for korean in _KOREAN:
        text = korean.sub(r"\2 <= \1 <= \3", text)
    return _DESCENDING.sub(r"\g<low> <\g<eq2> \g<vars> <\g<eq1> \g<high>", text)


def evaluate(expr: str) -> tuple[Number, int]:
    """The value of a bound such as ``2*10^5`` or ``2^31 - 1``, and its decimal places."""
    tree = ast.parse(expr.replace("^", "**").strip(), mode="eval")
    value = _eval_node(tree.body)
    decimals = max((len(m) for m in re.findall(r"\.(\d+)", expr)), default=0)
    if decimals == 0:
        value = int(value)
    return value, decimals


def _eval_node(node: ast.AST) -> Number:
    # Only the shapes _NUMEXPR can produce are accepted, so this never evaluates code.
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_eval_node(node.operand)
    if isinstance(node, ast.BinOp):
        left, right = _eval_node(node.left), _eval_node(node.right)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Pow) and abs(right) <= 100:
            return left**right
    raise ValueError(f"unsupported expression {ast.dump(node)}")


def _bound(text: str) -> tuple[Bound, int]:
    ref = re.fullmatch(rf"\s*({_IDENT})\s*(?:([-+])\s*(\d+))?\s*", text)
    if ref:
        offset = int(ref.group(3) or 0) * (-1 if ref.group(2) == "-" else 1)
        return (ref.group(1), offset), 0
    return evaluate(text)


def _alphabet(line: str) -> str:
    lowered = line.lower()
    if "uppercase" in lowered or "대문자" in line:
        return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    if "digit" in lowered or "숫자로" in line:
        return "0123456789"
    return "abcdefghijklmnopqrstuvwxyz"


def _shape(bar: bool, sub: str | None) -> str:
    if bar:
        return "strings" if sub else "string"
    if not sub:
        return "scalar"
    inner = sub.strip("_{} ")
    two_dims = sub.count("[") == 2 or "," in inner or re.fullmatch(r"[a-z]{2}", inner)
    return "grid" if two_dims else "array"


def _tighten(bound: Bound, step: int) -> Bound:
    """``low < x`` as ``low + 1 <= x`` (integers only: a strict real bound stays as given)."""
    if isinstance(bound, tuple):
        return (bound[0], bound[1] + step)
    return bound + step if isinstance(bound, int) else bound


def _names(segment: str) -> tuple[list[re.Match[str]], str]:
    """The names in ``a_1, a_2, ..., a_N`` (one per array) and the last index (``N``)."""
    items = [i.strip() for i in re.split(r"\s*,\s*(?![^{\[]*[}\]])", segment)]
    last = _VAR_PARTS.fullmatch(items[-1]) if "..." in items else None
    last_index = (last["sub"] or "").strip("_{}[] ") if last else ""
    names: list[re.Match[str]] = []
    for item in items:
        parts = _VAR_PARTS.fullmatch(item)
        if parts is not None and all(p["name"] != parts["name"] for p in names):
            names.append(parts)
    return names, last_index if re.fullmatch(_IDENT, last_index) else ""


def parse_line(line: str, group_start: int = 0) -> list[Variable]:
    """The variables named by the chains in ``line``; raises ``ConstraintParseError``.

    In a longer chain such as ``1 ≤ k ≤ n ≤ 100`` each name is bounded above by the next
    one, so a generator that draws them right to left keeps the chain true.
    """
    text = normalize(line)
    found: list[Variable] = []
    for group, match in enumerate(_CHAIN.finditer(text), start=group_start):
        try:
            (low, dec_low), (high, dec_high) = _bound(match["low"]), _bound(match["high"])
        except (ValueError, SyntaxError, OverflowError) as exc:
            raise ConstraintParseError(line, "unreadable bound") from exc
        pieces = re.split(r"\s*(<=?)\s*", match["vars"])
        segments, ops = pieces[::2], [match["op1"], *pieces[1::2], match["op2"]]
        for index, segment in enumerate(segments):
            names, last_index = _names(segment)
            shapes = [_shape(bool(p["bar"]), p["sub"]) for p in names]
            if index and any(shape != "scalar" for shape in shapes):
                raise ConstraintParseError(line, "a chain of arrays (sorted values)")
            strict_before = sum(op == "<" for op in ops[: index + 1])
            if index + 1 < len(segments):
                following = _names(segments[index + 1])[0][0]["name"]
                upper: Bound = (following, -1 if ops[index + 1] == "<" else 0)
            else:
                upper = _tighten(high, -1) if ops[-1] == "<" else high
            for parts, shape in zip(names, shapes, strict=True):
                if any(v.name == parts["name"] for v in found):
                    continue
                found.append(
                    Variable(
                        name=parts["name"],
                        shape=shape,
                        low=_tighten(low, strict_before),
                        high=upper,
                        decimals=max(dec_low, dec_high),
                        group=group,
                        alphabet=_alphabet(line),
                        last_index=last_index,
                    )
                )
    if re.search(r"[<>]", _CHAIN.sub(" ", text)):
        raise ConstraintParseError(line)
    return found


def parse_constraints(text: str) -> list[Variable]:
    """Every variable in ``text``; lines without a comparison are prose and skipped."""
    variables: dict[str, Variable] = {}
    group = 0
    for line in text.splitlines():
        if not re.search(r"[<>]", normalize(line)):
            continue
        for variable in parse_line(line, group):
            # A name repeated (input section and limits section) keeps its first reading.
            variables.setdefault(variable.name, variable)
            group = max(group, variable.group + 1)
    full = normalize(text)
    for variable in variables.values():
        first = re.search(rf"(?<![A-Za-z0-9_]){re.escape(variable.name)}(?![A-Za-z0-9_])", full)
        variable.mention = first.start() if first else len(full)
    if not variables:
        raise LLMError("No constraints found: expected lines such as '1 ≤ N ≤ 100,000'.")
    return list(variables.values())


def number_range(text: str) -> tuple[Number, Number] | None:
    """The smallest and largest number any constraint in ``text`` allows, or None when the
    text states no numeric bounds (or cannot be read).

    Mapping an input's tokens back to variables needs the input format, which the
    constraints alone do not give; but no number in a valid input lies outside every
    stated range, so this envelope rejects a generator's most common mistake (a value past
    the maximum) without rejecting valid inputs.
    """
    try:
        variables = parse_constraints(text)
    except LLMError:
        return None
    if any(v.shape in ("string", "strings") for v in variables):
        return None  # a string of digits is one long token, not a number in range
    lows = [v.low for v in variables if isinstance(v.low, int | float)]
    highs = [v.high for v in variables if isinstance(v.high, int | float)]
    # A bound by reference (``K <= N``) lies within N's range, itself in the envelope.
    return (min(lows), max(highs)) if lows and highs else None


def input_validator(text: str) -> Callable[[str], bool] | None:
    """A check that every number in a generated input lies within :func:`number_range`;
    None when the constraints give no range to check against."""
    bounds = number_range(text)
    if bounds is None:
        return None
    low, high = bounds

    def validate(generated: str) -> bool:
        for token in re.findall(r"-?\d+(?:\.\d+)?", generated):
            value = float(token) if "." in token else int(token)
            if not low <= value <= high:
                raise ValueError(f"{token} is outside the constraints' range [{low}, {high}]")
        return True

    return validate
