"""The shared jieba tokenizer: offsets, user dictionary, robustness."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.extract import segment

CASES = [
    # (text, words that must come out whole)
    ("省工信厅发布通知", ["工信厅"]),
    ("广州市发展改革委召开会议", ["发展改革委"]),
    ("国家药监局批准上市", ["国家药监局"]),
    ("推动专精特新企业发展", ["专精特新"]),
    ("全省技改投资增长", ["技改"]),
    ("副厅长王明介绍", ["副厅长"]),
    ("粤港澳大湾区建设", ["粤港澳大湾区"]),
    ("东莞松山湖科学城", ["松山湖科学城"]),
    ("从化区的荔枝", ["从化区"]),
    ("低空经济和新型储能", ["低空经济", "新型储能"]),
    ("汕头市委书记", ["市委", "书记"]),
    ("有关负责人表示", ["有关负责人"]),
    # gazetteer words from the lists of cities abroad, Hong Kong areas, rivers and prefectures
    ("新开海口至吉隆坡航线", ["吉隆坡"]),
    ("公司将在将军澳兴建厂房", ["将军澳"]),
    ("金沙江、雅砻江水电基地", ["金沙江", "雅砻江"]),
    ("甘孜州和凉山州", ["甘孜州", "凉山州"]),
    ("推进新田科技城发展", ["科技城"]),
    ("海口国际免税城", ["免税城"]),
]


@pytest.mark.parametrize(("text", "whole"), CASES)
def test_user_words_come_out_whole(text: str, whole: list[str]) -> None:
    words = segment.cut(text)
    for w in whole:
        assert w in words, (w, words)


@pytest.mark.parametrize(
    "text",
    ["", "广东", "a", "2024年", "  \n\t", "中文 English 混合 123", "\x00\x01控制\x7f", "𠮷田村", "é́", "\ufffd乱码\ufffd"],
)
def test_tokens_cover_the_text(text: str) -> None:
    toks = segment.tokens(text)
    assert "".join(w for w, _, _ in toks) == text
    pos = 0
    for w, s, e in toks:
        assert s == pos and e == s + len(w) and text[s:e] == w
        pos = e


def test_non_string_gives_no_tokens() -> None:
    assert segment.tokens(None) == []  # type: ignore[arg-type]


def test_one_tokenizer_across_threads() -> None:
    seen: list[int] = []

    def work() -> None:
        seen.append(id(segment.tokenizer()))
        segment.tokens("广东省工业和信息化厅")

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(seen)) == 1


def test_word_tags_include_our_words() -> None:
    tags = segment.word_tags()
    segment.tokenizer()
    assert tags.get("说") == "v"
    assert tags.get("粤港澳大湾区") == "ns"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_tokens_invariant_on_any_text(text: str) -> None:
    toks = segment.tokens(text)
    assert "".join(w for w, _, _ in toks) == text
    for w, s, e in toks:
        assert text[s:e] == w


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("广东省市工信厅局长说表示，。“”《》") + ["\U00020bb7", "\x00", "\n"]), max_size=80))
def test_tokens_invariant_on_cjk_soup(text: str) -> None:
    toks = segment.tokens(text)
    assert "".join(w for w, _, _ in toks) == text


# --- the fast segmenter gives exactly jieba's words ---------------------------------------

_HAN_SAMPLE = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
    "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把"
    "省市县区镇村厅局委会公司集团银行大学研究院广东州深圳佛山东莞珠海韶关湛江肇庆涂高坤张劲松王李刘陈"
)


def _gold_texts() -> list[str]:
    import json
    from pathlib import Path

    folder = Path(__file__).parent / "data"
    return [json.loads(line)["text"] for p in sorted(folder.rglob("*.jsonl")) for line in p.open(encoding="utf-8")]


def test_fast_tokens_equal_jieba_tokenize_on_gold_texts() -> None:
    tk = segment.tokenizer()
    texts = _gold_texts()
    assert texts
    for text in texts:
        assert segment.tokens(text) == list(tk.tokenize(text, HMM=True))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_HAN_SAMPLE + "，。、“”《》 \n\t\r0123456789.%-abcXYZ𠮷😊＋"), max_size=60))
def test_fast_tokens_equal_jieba_tokenize_on_random_text(text: str) -> None:
    assert segment.tokens(text) == list(segment.tokenizer().tokenize(text, HMM=True))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_HAN_SAMPLE + "ab12"), min_size=1, max_size=40))
def test_hmm_cut_equals_finalseg(text: str) -> None:
    from jieba import finalseg

    from annotate.extract.fastcut import hmm_cut

    assert list(hmm_cut(text)) == list(finalseg.cut(text))
