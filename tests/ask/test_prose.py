"""The optional model endpoint. A FAKE OpenAI-compatible server on 127.0.0.1 stands in for the
model a user would configure (no model runs in the tests); what is tested is dossier's side: the
request it sends, and the check that every sentence of the prose cites the given sentences and
adds no figure of its own."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dossier.ask.prose import check_prose, rephrase
from dossier.errors import DossierError

CITES = [{"doc_id": "a" * 16, "start": 0, "end": 40, "text": "Seoul puts the shipments at 6,700 containers."},
         {"doc_id": "b" * 16, "start": 10, "end": 60, "text": "Washington speaks of 11.000 container."}]
RESULT = {"question": "How many containers?", "answer": "6,700; 11,000", "citations": CITES}


@pytest.fixture
def fake_endpoint():
    """A loopback server answering /v1/chat/completions with the reply the test sets."""
    seen: list[dict] = []
    reply = {"content": ""}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (the http.server API)
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            seen.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
            out = json.dumps({"choices": [{"message": {"role": "assistant", "content": reply["content"]}}]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, *a):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/v1", reply, seen
    srv.shutdown()
    srv.server_close()


def test_prose_that_cites_every_sentence_is_kept(fake_endpoint):
    url, reply, seen = fake_endpoint
    reply["content"] = "Seoul counts 6,700 containers [1]. Washington counts 11,000 [2]."
    out = rephrase(RESULT, {"ask_endpoint": url, "ask_model": "m", "ask_api_key": "k"})
    assert out["rejected"] is None and len(out["checked"]) == 2
    assert out["checked"][1]["citations"] == [{"doc_id": "b" * 16, "start": 10, "end": 60}]
    sent = seen[0]
    assert sent["path"] == "/v1/chat/completions" and sent["auth"] == "Bearer k"
    assert "[1] Seoul puts" in sent["body"]["messages"][1]["content"]  # the model sees only the cited sentences


@pytest.mark.parametrize("prose, why", [
    ("Seoul counts 6,700 containers. Washington counts 11,000 [2].", "cites nothing"),
    ("Seoul counts 6,700 containers [3].", "was not given"),
    ("The average is 8,850 containers [1][2].", "figure 8,850"),
])
def test_prose_that_does_not_hold_to_the_sentences_is_rejected(fake_endpoint, prose, why):
    url, reply, _ = fake_endpoint
    reply["content"] = prose
    out = rephrase(RESULT, {"ask_endpoint": url})
    assert out["text"] is None and why in out["rejected"]


def test_a_figure_written_the_other_way_still_matches():
    assert check_prose("Washington speaks of 11,000 [2].", CITES)["rejected"] is None


def test_no_endpoint_or_a_dead_one_is_a_clear_error():
    with pytest.raises(DossierError, match="no model endpoint"):
        rephrase(RESULT, {})
    with pytest.raises(DossierError, match="no usable answer"):
        rephrase(RESULT, {"ask_endpoint": "http://127.0.0.1:9/v1", "ask_timeout_seconds": 2})
