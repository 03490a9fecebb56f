"""Metonymy of capitals: "Mosca ha respinto" is Russia (MET), "arrivato a Mosca" the city (NAM)."""
from __future__ import annotations

from .mention_doc import MentionDoc, is_name_word


def capital_form(doc: MentionDoc, i: int, j: int, inside: bool, known: set[int]) -> str:
    """MET when a capital stands for its state's government, NAM when it is the place itself.

    `known` holds the token positions covered by KB names (to tell "Mosca e Pyongyang", two
    states, from "Glasgow, Londra e Birmingham", a list of places)."""
    prev = doc.low(i - 1) if doc.same_sent(i - 1, i) else ""
    nxt = doc.low(j) if doc.same_sent(i, j) else ""
    if nxt == "," and doc.low(j + 1)[:1].isdigit():
        return "NAM"  # a dateline: "Roma, 29 settembre" ("Seul: ..." in a headline is Seoul speaking)
    if not inside:
        for k in (i - 1, j):  # part of a longer unknown name: "Rugby Roma", "Roma Nord"
            if 0 <= k < doc.n and doc.same_sent(k, i) and not (k == i - 1 and doc.first_of_sent[k]) \
                    and k not in known and is_name_word(doc, k):
                return "NAM"
        for conn, other in ((i - 1, i - 2), (j, j + 1)):  # listed with places that are not states
            if doc.low(conn) in (",", "e", "o", "oppure", "-", "ed") and 0 <= other < doc.n \
                    and doc.same_sent(other, i) and other not in known and is_name_word(doc, other) \
                    and not doc.first_of_sent[other]:
                return "NAM"
    if prev == "da" and doc.low(i - 2) in doc.w("distance_words"):
        return "NAM"
    if prev in doc.w("literal_before"):
        window = {doc.low(k) for k in range(max(0, i - 6), i - 1) if doc.same_sent(k, i)}
        return "MET" if window & doc.w("transfer_words") else "NAM"
    if prev in doc.w("of_words"):
        head = i - 2
        if any(doc.low(k) in doc.w("literal_di_heads") for k in range(i - 4, i - 1) if doc.same_sent(k, i)):
            return "NAM"
        if doc.is_cap(head) and not doc.first_of_sent[head] and not inside and doc.low(head) not in doc.w("not_names"):
            return "NAM"  # "Università Kookmin di Seul": part of a place-bound name
        return "MET"
    if prev == "da":
        if doc.first_of_sent[i - 1] or doc.low(i - 2) in doc.w("literal_da_verbs"):
            return "NAM"
        return "MET"
    if prev in doc.w("visit_words"):
        return "NAM"
    return "MET"
