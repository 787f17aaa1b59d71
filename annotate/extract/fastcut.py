"""Run jieba's default segmentation (``Tokenizer.tokenize(text, HMM=True)``) faster, same words.

jieba builds a dict-of-lists DAG for every clause, then takes a ``max`` over a generator
that calls ``math.log`` for every edge. :class:`FastCut` does the same dynamic programme in
one right-to-left pass over a snapshot of the tokenizer's dictionary that holds
``log(freq) - log(total)`` per word (``None`` for the prefixes jieba stores with frequency
0), so each edge costs one dictionary lookup and one addition. Ties are broken as jieba
breaks them (the longer word wins), clause splitting and the HMM for runs of unknown single
characters (``jieba.finalseg``) are jieba's own, so the words are exactly jieba's:
``tests/test_segment.py`` checks that on real and random text.

The snapshot is taken once, after the tokenizer has been built; words added to the
tokenizer later are not seen (``annotate`` never adds any after building it).

Offsets are half-open ``[start, end)`` code-point indices into the text given.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator

import jieba
from jieba import finalseg

Token = tuple[str, int, int]

# jieba's own clause and whitespace patterns (jieba.re_han_default, jieba.re_skip_default).
_HAN: re.Pattern[str] = jieba.re_han_default
_SKIP: re.Pattern[str] = jieba.re_skip_default
_ABSENT = object()
# jieba.finalseg's own patterns for the runs it is given.
_FS_HAN: re.Pattern[str] = finalseg.re_han
_FS_SKIP: re.Pattern[str] = finalseg.re_skip


class FastCut:
    """Segment like ``tk.tokenize(text, HMM=True)`` for a built ``jieba.Tokenizer`` ``tk``."""

    def __init__(self, tk: jieba.Tokenizer) -> None:
        tk.check_initialized()
        logtotal = math.log(tk.total)
        self.logp: dict[str, float | None] = {
            w: (math.log(f) - logtotal if f else None) for w, f in tk.FREQ.items()
        }
        self.miss = math.log(1) - logtotal  # an unknown single character, as jieba scores it

    def tokenize(self, text: str) -> list[Token]:
        """Return ``(word, start, end)`` for every word of ``text`` (the words cover it)."""
        out: list[Token] = []
        pos = 0
        for m in _HAN.finditer(text):
            at = m.start()
            if at > pos:
                _other(text[pos:at], pos, out)
            self._clause(m.group(), at, out)
            pos = m.end()
        if pos < len(text):
            _other(text[pos:], pos, out)
        return out

    def _ends(self, s: str) -> list[int]:
        """Return, for each start index, the end (exclusive) of the best word jieba picks."""
        get = self.logp.get
        miss = self.miss
        absent = _ABSENT
        n = len(s)
        score = [0.0] * (n + 1)
        end = list(range(1, n + 2))  # default: the single character
        for k in range(n - 1, -1, -1):
            nxt = score[k + 1]
            p = get(s[k], absent)
            if p is absent:  # not even a prefix: an unknown character
                score[k] = miss + nxt
                continue
            best = miss + nxt if p is None else p + nxt  # type: ignore[operator]
            found = p is not None
            bx = k
            i = k + 1
            while i < n:
                p = get(s[k : i + 1], absent)
                if p is absent:
                    break
                if p is not None:
                    sc = p + score[i + 1]  # type: ignore[operator]
                    if not found or sc >= best:  # ties: the later end wins, as max() over (score, x)
                        best = sc
                        bx = i
                        found = True
                i += 1
            score[k] = best
            end[k] = bx + 1
        return end

    def _clause(self, s: str, pos: int, out: list[Token]) -> None:
        """Append the words of one clause of Han characters, letters and digits (jieba's __cut_DAG).

        ``pos`` is the clause's offset in the text; runs of single characters that are not
        themselves a word go to the HMM, as in jieba.
        """
        end = self._ends(s)
        get = self.logp.get
        append = out.append
        x = 0
        run = -1  # start of the current run of single characters
        n = len(s)
        while x < n:
            y = end[x]
            if y - x == 1:
                if run < 0:
                    run = x
            else:
                if run >= 0:
                    _flush(s[run:x], pos + run, get, out)
                    run = -1
                append((s[x:y], pos + x, pos + y))
            x = y
        if run >= 0:
            _flush(s[run:], pos + run, get, out)


def _other(blk: str, pos: int, out: list[Token]) -> None:
    """Append the tokens of text between clauses: whitespace runs whole, anything else by character."""
    append = out.append
    for x in _SKIP.split(blk):
        if not x:
            continue
        if _SKIP.match(x):
            append((x, pos, pos + len(x)))
            pos += len(x)
        else:
            for ch in x:
                append((ch, pos, pos + 1))
                pos += 1


def _flush(buf: str, pos: int, get: Callable[[str], float | None], out: list[Token]) -> None:
    """Append a run of single characters: HMM words when the run is not itself a word."""
    append = out.append
    if len(buf) == 1:
        append((buf, pos, pos + 1))
    elif get(buf) is None:
        for w in _hmm_list(buf):
            n = pos + len(w)
            append((w, pos, n))
            pos = n
    else:
        for ch in buf:
            append((ch, pos, pos + 1))
            pos += 1


# jieba.finalseg's model: states B(egin) M(iddle) E(nd) S(ingle); log probabilities.
_MIN = finalseg.MIN_FLOAT
_EMIT = {y: finalseg.emit_P[y] for y in "BMES"}
# Emission log probabilities per character as (B, M, E, S): one lookup per character.
_EMIT_UNKNOWN = (_MIN, _MIN, _MIN, _MIN)
_EMIT_BY_CHAR: dict[str, tuple[float, float, float, float]] = {
    c: (_EMIT["B"].get(c, _MIN), _EMIT["M"].get(c, _MIN), _EMIT["E"].get(c, _MIN), _EMIT["S"].get(c, _MIN))
    for c in set().union(*(_EMIT[y] for y in "BMES"))
}
_T = finalseg.trans_P
_START = finalseg.start_P


def _viterbi(obs: str) -> str:
    """Return jieba.finalseg.viterbi's best state string for ``obs``, ties broken as it does.

    finalseg takes ``max`` over ``(prob, state)`` tuples, so on equal probabilities the
    later letter wins (S over E, M over B); the comparisons below keep that order and the
    order of the float additions, so the result is bit-for-bit the same.
    """
    t_eb, t_sb, t_mm, t_bm = _T["E"]["B"], _T["S"]["B"], _T["M"]["M"], _T["B"]["M"]
    t_ss, t_es, t_be, t_me = _T["S"]["S"], _T["E"]["S"], _T["B"]["E"], _T["M"]["E"]
    emit = _EMIT_BY_CHAR.get
    unknown = _EMIT_UNKNOWN
    xb, xm, xe, xs = emit(obs[0], unknown)
    vb = _START["B"] + xb
    vm = _START["M"] + xm
    ve = _START["E"] + xe
    vs = _START["S"] + xs
    back: list[tuple[str, str, str, str]] = []  # predecessor of B, M, E, S at each step
    append = back.append
    for c in obs[1:]:
        xb, xm, xe, xs = emit(c, unknown)
        a, b = ve + t_eb + xb, vs + t_sb + xb
        nb, pb = (b, "S") if b >= a else (a, "E")
        a, b = vm + t_mm + xm, vb + t_bm + xm
        nm, pm = (a, "M") if a >= b else (b, "B")
        a, b = vb + t_be + xe, vm + t_me + xe
        ne, pe = (b, "M") if b >= a else (a, "B")
        a, b = vs + t_ss + xs, ve + t_es + xs
        ns, ps = (a, "S") if a >= b else (b, "E")
        append((pb, pm, pe, ps))
        vb, vm, ve, vs = nb, nm, ne, ns
    state = "S" if vs >= ve else "E"
    path = [state]
    slot = {"B": 0, "M": 1, "E": 2, "S": 3}
    for step in reversed(back):
        state = step[slot[state]]
        path.append(state)
    path.reverse()
    return "".join(path)


def _hmm_words(s: str, out: list[str]) -> None:
    """Append the words of a run of Han characters as jieba.finalseg.__cut yields them."""
    path = _viterbi(s)
    begin = nexti = 0
    append = out.append
    for i, pos in enumerate(path):
        if pos == "B":
            begin = i
        elif pos == "E":
            append(s[begin : i + 1])
            nexti = i + 1
        elif pos == "S":
            append(s[i])
            nexti = i + 1
    if nexti < len(s):
        append(s[nexti:])


def _hmm_list(buf: str) -> list[str]:
    """Return the words jieba.finalseg.cut yields for ``buf`` (unknown words found by the HMM)."""
    force = finalseg.Force_Split_Words
    out: list[str] = []
    for blk in _FS_HAN.split(buf):
        if _FS_HAN.match(blk):
            words: list[str] = []
            _hmm_words(blk, words)
            for word in words:
                if word in force:
                    out.extend(word)
                else:
                    out.append(word)
        else:
            out.extend(x for x in _FS_SKIP.split(blk) if x)
    return out


def hmm_cut(buf: str) -> Iterator[str]:
    """Yield the words jieba.finalseg.cut yields for ``buf`` (unknown words found by the HMM)."""
    return iter(_hmm_list(buf))
