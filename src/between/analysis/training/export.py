"""The fine-tuned encoder as ONNX with int8 weights, for onnxruntime — and back.

Weight-only int8 (per-channel, symmetric): each large matrix is stored as int8 plus one scale
per output channel, and onnxruntime folds it back to fp32 once at load. Dynamic quantisation
of activations (onnxruntime's `quantize_dynamic`) was tried and rejected: on MiniLM it moved
embeddings to cosine 0.87–0.97 of fp32 and made a text's embedding depend on the padding of
the batch it sat in. Weight-only keeps cosine ≥ 0.998 at the same file size (~23 MB).

`weights_from_int8` undoes the export: it rebuilds fp32 weights from a shipped model file, so
training can continue from the model people actually run (`training continue`).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import torch
from torch import nn

from between.analysis.training.finetune import load_base_encoder

OPSET = 17
MIN_ELEMENTS = 4096  # only matrices this large are worth storing as int8; biases stay fp32


class _HiddenStates(nn.Module):
    """Returns last_hidden_state only, like the baseline model file; pooling runs in numpy."""

    def __init__(self, encoder: nn.Module) -> None:
        super().__init__()
        self.encoder = encoder

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.encoder(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)[0]


def int8_weights(model):
    """Replace every large fp32 matrix by int8 values, per-channel scales and a DequantizeLinear."""
    from onnx import helper, numpy_helper

    graph = model.graph
    consumer = {name: node.op_type for node in graph.node for name in node.input}
    keep, added, dequantize = [], [], []
    for init in graph.initializer:
        weights = numpy_helper.to_array(init)
        if weights.dtype != np.float32 or weights.ndim != 2 or weights.size < MIN_ELEMENTS:
            keep.append(init)
            continue
        # Embedding tables (Gather) get a scale per row; MatMul weights one per output column.
        axis = 0 if consumer.get(init.name) == "Gather" else 1
        scale = (np.abs(weights).max(axis=1 - axis) / 127.0).astype(np.float32)
        scale[scale == 0] = 1.0
        values = np.round(weights / np.expand_dims(scale, 1 - axis)).clip(-127, 127).astype(np.int8)
        names = [f"{init.name}_int8", f"{init.name}_scale", f"{init.name}_zero"]
        added += [
            numpy_helper.from_array(values, names[0]),
            numpy_helper.from_array(scale, names[1]),
            numpy_helper.from_array(np.zeros_like(scale, dtype=np.int8), names[2]),
        ]
        dequantize.append(helper.make_node("DequantizeLinear", names, [init.name], axis=axis))
    nodes = dequantize + list(graph.node)
    del graph.initializer[:]
    graph.initializer.extend(keep + added)
    del graph.node[:]
    graph.node.extend(nodes)
    return model


def export_int8(weights_dir: Path, target: Path) -> None:
    import onnx

    model = _HiddenStates(load_base_encoder(weights_dir)).eval()
    example = torch.ones((2, 8), dtype=torch.long)
    axes = {0: "batch", 1: "sequence"}
    names = ["input_ids", "attention_mask", "token_type_ids"]
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "encoder-fp32.onnx"
        torch.onnx.export(
            model,
            (example, example, torch.zeros_like(example)),
            str(fp32),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes={name: axes for name in [*names, "last_hidden_state"]},
            opset_version=OPSET,
            dynamo=False,
        )
        quantised = int8_weights(onnx.load(str(fp32)))
    onnx.checker.check_model(quantised)
    onnx.save(quantised, str(target))


def weights_from_int8(model_path: Path, config_path: Path, target: Path) -> None:
    """fp32 encoder weights (safetensors + config.json) rebuilt from an int8 ONNX export."""
    import onnx
    from onnx import numpy_helper
    from safetensors.torch import save_file

    graph = onnx.load(str(model_path)).graph
    stored = {init.name: numpy_helper.to_array(init) for init in graph.initializer}
    values = dict(stored)
    for node in graph.node:
        if node.op_type == "DequantizeLinear":
            int8, scale, _ = node.input
            axis = next((a.i for a in node.attribute if a.name == "axis"), 1)
            values[node.output[0]] = stored[int8].astype(np.float32) * np.expand_dims(stored[scale], 1 - axis)
    prefix = "encoder."
    quantised_parts = ("_int8", "_scale", "_zero")
    state = {
        name[len(prefix) :]: v
        for name, v in values.items()
        if name.startswith(prefix) and not name.endswith(quantised_parts) and v.dtype == np.float32
    }
    # The exporter names a Linear layer's weight after nothing; its bias, added right after the
    # MatMul, carries the layer's name. The MatMul holds the transpose of torch's weight.
    adds = {i: n for n in graph.node if n.op_type == "Add" for i in n.input}
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in values and node.input[1] not in state:
            bias = next(i for i in adds[node.output[0]].input if i.startswith(prefix) and i.endswith(".bias"))
            state[bias[len(prefix) : -len("bias")] + "weight"] = values[node.input[1]].T
    target.mkdir(parents=True, exist_ok=True)
    (target / "config.json").write_text(config_path.read_text())
    tensors = {k: torch.from_numpy(np.array(v, dtype=np.float32, order="C")) for k, v in state.items()}
    save_file(tensors, str(target / "model.safetensors"))
