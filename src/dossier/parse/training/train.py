"""Fine-tune e5-small (or its bottom layers) as a biaffine dependency parser, on the CPU.

    python -m dossier.parse.training.train --ud ../shared/benchmarks/ud-italian --out DIR
        [--layers 12] [--epochs 10] [--with-isdt-dev]
        [--teacher DIR [--raw-kind ../shared/benchmarks/kind]]   # distil a smaller student

With a teacher, the student starts from the teacher's bottom layers and heads and learns from
the gold trees and the teacher's softened distributions over heads, relations (at the gold head)
and UPOS. Raw text (KIND's news tokens, no labels) adds sentences whose only targets are the
teacher's: its tree, relations and tags, and its distributions. Every 20th training sentence is
held out to pick the best epoch (by LAS).
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np

from ...errors import run_main
from ..score import score
from .data import Item, items_from, load_ud, raw_items, raw_sentences, train_files, vocab


def _batches(items: list[Item], max_pieces: int, rng: np.random.Generator) -> list[list[Item]]:
    """Length-sorted buckets of about `max_pieces` padded pieces, in random order."""
    order = sorted(range(len(items)), key=lambda i: (len(items[i].ids), rng.random()))
    batches, cur = [], []
    for i in order:
        if cur and len(items[i].ids) * (len(cur) + 1) > max_pieces:
            batches.append(cur)
            cur = []
        cur.append(items[i])
    if cur:
        batches.append(cur)
    rng.shuffle(batches)
    return batches


def _tensors(batch: list[Item], pad: int):
    import torch

    b, width = len(batch), max(len(it.ids) for it in batch)
    n = max(len(it.firsts) for it in batch)
    ids = torch.full((b, width), pad, dtype=torch.long)
    index = torch.zeros((b, n + 1), dtype=torch.long)
    heads = torch.zeros((b, n), dtype=torch.long)
    rels = torch.zeros((b, n), dtype=torch.long)
    upos = torch.zeros((b, n), dtype=torch.long)
    words = torch.zeros((b, n), dtype=torch.bool)
    for r, it in enumerate(batch):
        k = len(it.firsts)
        ids[r, :len(it.ids)] = torch.tensor(it.ids)
        index[r, 1:k + 1] = torch.tensor(it.firsts)
        heads[r, :k] = torch.from_numpy(it.heads)
        rels[r, :k] = torch.from_numpy(it.rels)
        upos[r, :k] = torch.from_numpy(it.upos)
        words[r, :k] = True
    lengths = torch.tensor([len(it.ids) for it in batch])
    return ids, lengths, index, heads, rels, upos, words


def _arcs(net, ids, lengths, index, words):
    """Arc log-probabilities [b, n, n+1] (dependents 1..n, heads 0..n), label-MLP outputs, UPOS scores."""
    import torch

    ad, ah, ld, lh, up = net.words(ids, lengths, index)
    s = net.arc_scores(ad, ah)[:, 1:]
    n = words.shape[1]
    valid = torch.cat([torch.ones_like(words[:, :1]), words], 1)  # the root and real words can be heads
    blocked = ~valid[:, None, :] | torch.eye(n + 1, dtype=torch.bool)[1:][None]
    return torch.log_softmax(s.masked_fill(blocked, -1e9), -1), ld, lh, up[:, 1:]


def _labels(net, ld, lh, heads):
    """Relation scores [b, n, L] of each word for the head given."""
    return net.label_scores(ld[:, 1:], lh.gather(1, heads[..., None].expand(-1, -1, lh.shape[-1])))


def teacher_targets(teacher, items: list[Item], raw: bool, batch_pieces: int = 4096) -> None:
    """Fill `soft` of each item from the teacher; for raw text also the hard targets (its parse)."""
    import torch

    from ..decode import mst

    net = teacher.net.eval()
    for batch in _batches(items, batch_pieces, np.random.default_rng(0)):
        ids, lengths, index, heads, _, _, words = _tensors(batch, teacher.tok.pad)
        with torch.inference_mode():
            logp, ld, lh, up = _arcs(net, ids, lengths, index, words)
            if raw:  # the teacher's tree first, then its relations at those heads
                for r, it in enumerate(batch):
                    k = len(it.firsts)
                    square = np.zeros((k + 1, k + 1))
                    square[1:] = logp[r, :k, :k + 1].numpy()
                    it.heads = mst(square)
                    heads[r, :k] = torch.from_numpy(it.heads)
            lab = _labels(net, ld, lh, heads)
        for r, it in enumerate(batch):
            k = len(it.firsts)
            # floored: float16 turns the -1e9 of impossible heads into -inf, and 0 * inf is NaN in the KL
            it.soft = {"arc": np.maximum(logp[r, :k, :k + 1].numpy(), -1e4).astype(np.float16),
                       "rel": lab[r, :k].numpy().astype(np.float16), "upos": up[r, :k].numpy().astype(np.float16)}
            if raw:
                rel = it.soft["rel"].astype(np.float32)
                rel[:, teacher.biaffine.root] = np.where(it.heads == 0, np.inf, -np.inf)
                it.rels, it.upos = rel.argmax(1), it.soft["upos"].argmax(1)


def _soft(batch: list[Item], key: str, shape: tuple[int, ...], fill: float):
    import torch

    out = torch.full(shape, fill)
    for r, it in enumerate(batch):
        a = it.soft[key]
        out[r, :a.shape[0], :a.shape[1]] = torch.from_numpy(a.astype(np.float32))
    return out


def evaluate(parser, sentences) -> dict:
    if hasattr(parser, "refresh"):
        parser.refresh()
    parsed = parser.parse_words([s.words for s in sentences])

    class P:  # what score() reads
        def __init__(self, t):
            self.heads, self.deprels, self.upos = t

    return score(sentences, [P(t) for t in parsed]).to_dict()


def train(ud_dir: str | Path, out: Path, *, layers: int = 12, epochs: int = 10, lr: float = 8e-5,
          head_lr: float = 1e-3, batch_pieces: int = 1024, threads: int = 2, with_isdt_dev: bool = False,
          teacher: Path | None = None, raw_kind: str | Path | None = None, raw_domains: tuple[str, ...] = ("WN",),
          alpha: float = 0.5, temperature: float = 2.0, arc_dim: int = 256, label_dim: int = 128,
          seed: int = 0, max_minutes: float | None = None) -> dict:
    import torch

    from .model import TorchParser

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    t_start = time.time()
    files = train_files(ud_dir, with_isdt_dev)
    train_sents, holdout = load_ud(files)
    labels, upos = vocab(train_sents + holdout)
    meta = {"layers": layers, "labels": labels, "upos": upos, "arc_dim": arc_dim, "label_dim": label_dim,
            "train_files": [p.name for p in files], "holdout_every": 20, "lr": lr, "head_lr": head_lr,
            "epochs": epochs, "batch_pieces": batch_pieces}
    teach = None
    if teacher is not None:
        teach = TorchParser.load(teacher, threads)
        labels, upos = teach.meta["labels"], teach.meta["upos"]  # the student speaks the teacher's labels
        parser = TorchParser.load(teacher, threads, layers=layers)  # its bottom layers and all its heads
        parser.meta.update({k: v for k, v in meta.items() if k not in ("labels", "upos", "arc_dim", "label_dim")})
    else:
        parser = TorchParser.new(meta, threads)
    items = items_from(parser, train_sents, labels, upos)
    print(f"{len(items)} training sentences ({sum(len(i.firsts) for i in items)} words), "
          f"{len(holdout)} holdout, {len(labels)} relations, files: {[p.name for p in files]}", flush=True)
    if teach is not None:
        t0 = time.time()
        teacher_targets(teach, items, raw=False)
        if raw_kind:
            extra = raw_items(parser, raw_sentences(raw_kind, raw_domains))
            teacher_targets(teach, extra, raw=True)
            items += extra
            parser.meta["raw_text"] = {"kind_domains": list(raw_domains), "sentences": len(extra),
                                       "words": sum(len(i.firsts) for i in extra)}
        parser.meta["teacher"] = {"layers": teach.meta["layers"], "train_files": teach.meta["train_files"],
                                  "alpha": alpha, "temperature": temperature, "history": teach.meta.get("history")}
        del teach
        print(f"teacher targets in {time.time() - t_start:.0f} s ({len(items)} items)", flush=True)
    net = parser.net
    enc = [p for p in net.encoder.parameters() if p.requires_grad]
    rest = [p for n, p in net.named_parameters() if not n.startswith("encoder.")]
    opt = torch.optim.AdamW([{"params": enc, "lr": lr}, {"params": rest, "lr": head_lr}], weight_decay=0.01,
                            betas=(0.9, 0.98))
    total = len(_batches(items, batch_pieces, np.random.default_rng(0))) * epochs
    warm = max(1, total // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (total - s) / max(1, total - warm)))
    best, history, step = -1.0, [], 0
    nll = torch.nn.functional.cross_entropy
    T = temperature

    def kl(student, teacher_logits, mask):
        return torch.nn.functional.kl_div(torch.log_softmax(student[mask] / T, -1),
                                          torch.log_softmax(teacher_logits[mask] / T, -1),
                                          log_target=True, reduction="batchmean") * T * T

    for epoch in range(epochs):
        net.train()
        seen, t_ep = 0, time.time()
        for batch in _batches(items, batch_pieces, rng):
            ids, lengths, index, heads, rels, up_gold, words = _tensors(batch, parser.tok.pad)
            logp, ld, lh, up = _arcs(net, ids, lengths, index, words)
            lab = _labels(net, ld, lh, heads)
            hard = nll(logp[words], heads[words]) + nll(lab[words], rels[words]) + nll(up[words], up_gold[words])
            loss = hard
            if alpha and batch[0].soft:
                b, n = words.shape
                soft = (kl(logp, _soft(batch, "arc", (b, n, n + 1), -1e4), words)
                        + kl(lab, _soft(batch, "rel", (b, n, lab.shape[-1]), 0.0), words)
                        + kl(up, _soft(batch, "upos", (b, n, up.shape[-1]), 0.0), words))
                loss = (1 - alpha) * hard + alpha * soft
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            sched.step()
            step += 1
            seen += len(batch)
            if step % 50 == 0:
                print(f"epoch {epoch} step {step}/{total} loss {loss.item():.4f} "
                      f"({seen / (time.time() - t_ep):.1f} sentences/s)", flush=True)
            if max_minutes and time.time() - t_start > max_minutes * 60:
                break
        res = evaluate(parser, holdout)
        history.append({"epoch": epoch, "holdout_uas": res["uas"], "holdout_las": res["las"],
                        "minutes": round((time.time() - t_start) / 60, 1)})
        print(f"epoch {epoch}: holdout {res} after {(time.time() - t_start) / 60:.1f} min", flush=True)
        if res["las"] > best:
            best = res["las"]
            parser.save(out, {"history": history})
        if max_minutes and time.time() - t_start > max_minutes * 60:
            break
    meta = json.loads((out / "parser.json").read_text(encoding="utf-8"))
    meta["history"] = history
    meta["train_minutes"] = round((time.time() - t_start) / 60, 1)
    (out / "parser.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return meta


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dossier.parse.training.train", description=__doc__.split("\n\n")[0])
    ap.add_argument("--ud", required=True, help="folder of the UD Italian CoNLL-U files")
    ap.add_argument("--out", required=True, help="folder to write the torch checkpoint to")
    ap.add_argument("--layers", type=int, default=12, help="keep the first k of e5's 12 layers")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--lr", type=float, default=8e-5, help="encoder learning rate")
    ap.add_argument("--head-lr", type=float, default=1e-3, help="MLPs, biaffine and UPOS learning rate")
    ap.add_argument("--batch-pieces", type=int, default=1024, help="padded sub-words per batch")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--with-isdt-dev", action="store_true", help="also train on it_isdt-ud-dev")
    ap.add_argument("--teacher", help="a trained parser folder (weights.pt) to distil from")
    ap.add_argument("--raw-kind", help="KIND folder: its *_train.tsv tokens become distillation text")
    ap.add_argument("--raw-domains", default="WN")
    ap.add_argument("--alpha", type=float, default=0.5, help="weight of the distillation loss")
    ap.add_argument("--max-minutes", type=float, help="stop after this many minutes (after the current batch)")
    args = ap.parse_args(argv)
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(args.threads))
    meta = train(args.ud, Path(args.out), layers=args.layers, epochs=args.epochs, lr=args.lr, head_lr=args.head_lr,
                 batch_pieces=args.batch_pieces, threads=args.threads, with_isdt_dev=args.with_isdt_dev,
                 teacher=Path(args.teacher) if args.teacher else None, raw_kind=args.raw_kind,
                 raw_domains=tuple(d for d in args.raw_domains.split(",") if d), alpha=args.alpha,
                 max_minutes=args.max_minutes)
    print(json.dumps(meta["history"]))
    return 0


if __name__ == "__main__":
    run_main(main)
