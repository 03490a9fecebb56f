"""Prose from a model endpoint, held to the cited sentences.

Only when the settings name an OpenAI-compatible endpoint (`ask_endpoint`) and the user asks for it
(`--prose`). The model sees the question, the short answer and the cited sentences, numbered, and
must end every sentence of its prose with the numbers of the sentences it rests on ("[1][3]").
Every sentence is checked: it must cite, cite only numbers that exist, and hold no figure that
its cited sentences lack. Prose that fails a check is returned as rejected, with the reason; the
answer from the records stands either way.
"""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from typing import Any

from ..errors import DossierError

_MARK = re.compile(r"\[(\d+)\]")
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+(?:\s*\[\d+\])*|$)")
_FIGURE = re.compile(r"\d[\d.,]*")

INSTRUCTIONS = (
    "You answer a question about news articles using ONLY the numbered sentences given. "
    "Write at most four short sentences in the language of the question. End every sentence with the "
    "numbers of the sentences it rests on, like [1] or [2][3]. Never add a figure, a name or a date that "
    "the cited sentences do not hold. Give every differing figure with its source; never average them."
)


def rephrase(result: dict[str, Any], settings: dict[str, Any], opener=urllib.request.urlopen) -> dict[str, Any]:
    endpoint = settings.get("ask_endpoint")
    if not endpoint:
        raise DossierError("no model endpoint is set for --prose",
                           hint="set DOSSIER_ASK_ENDPOINT=http://127.0.0.1:PORT/v1 (an OpenAI-compatible server)")
    cites = result["citations"]
    if not cites:
        return {"text": None, "rejected": "no cited sentence to rephrase", "checked": []}
    numbered = "\n".join(f"[{i}] {c['text']}" for i, c in enumerate(cites, 1))
    body = {"model": settings.get("ask_model") or "default", "temperature": 0,
            "messages": [{"role": "system", "content": INSTRUCTIONS},
                         {"role": "user", "content": f"Question: {result['question']}\n"
                                                     f"Answer from the records: {result['answer']}\n"
                                                     f"Sentences:\n{numbered}"}]}
    req = urllib.request.Request(endpoint.rstrip("/") + "/chat/completions", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    if settings.get("ask_api_key"):
        req.add_header("Authorization", f"Bearer {settings['ask_api_key']}")
    try:
        with opener(req, timeout=float(settings.get("ask_timeout_seconds") or 30)) as resp:
            reply = json.loads(resp.read().decode("utf-8"))
        text = reply["choices"][0]["message"]["content"]
    except (urllib.error.URLError, OSError, ValueError, KeyError, IndexError, TypeError) as e:
        raise DossierError(f"the model endpoint {endpoint} gave no usable answer: {e}",
                           hint="check that the server is up and OpenAI-compatible; answers work without it") from e
    return check_prose(text, cites)


def check_prose(text: str, cites: list[dict[str, Any]]) -> dict[str, Any]:
    """Split the prose into sentences and check each against the sentences it cites."""
    checked = []
    for m in _SENTENCE.finditer(text.strip()):
        sentence = m.group(0).strip()
        if not sentence:
            continue
        marks = [int(n) for n in _MARK.findall(sentence)]
        if not marks:
            return _reject(f"a sentence cites nothing: {sentence!r}", checked)
        if any(not 1 <= n <= len(cites) for n in marks):
            return _reject(f"a sentence cites a number that was not given: {sentence!r}", checked)
        support = " ".join(cites[n - 1]["text"] for n in marks)
        have = {_digits(f) for f in _FIGURE.findall(support)}
        for f in _FIGURE.findall(_MARK.sub("", sentence)):
            if _digits(f) and _digits(f) not in have:
                return _reject(f"the figure {f} is not in the sentences cited: {sentence!r}", checked)
        checked.append({"sentence": sentence, "citations": [
            {k: cites[n - 1][k] for k in ("doc_id", "start", "end")} for n in dict.fromkeys(marks)]})
    if not checked:
        return _reject("the endpoint returned no sentence", checked)
    return {"text": text.strip(), "rejected": None, "checked": checked}


def _digits(figure: str) -> str:
    return re.sub(r"\D", "", figure)


def _reject(reason: str, checked: list) -> dict[str, Any]:
    return {"text": None, "rejected": reason, "checked": checked}
