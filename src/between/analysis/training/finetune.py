"""Multi-task fine-tuning of MiniLM: one encoder, one small head per task (needs torch).

Each step draws one batch from one data source (GoEmotions, Buechel, our register, risk or
reply examples), with sources drawn in proportion to the square root of their size, so the
small hand-written sets are revisited often without swamping GoEmotions.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from between.analysis.encoder import MAX_TOKENS, wordpiece_tokenizer
from between.analysis.learned import LEVELS, TASKS, Task, read_out
from between.analysis.training.data import Examples

HIDDEN = 256  # head width: ample for ≤ 28 outputs, tiny next to the encoder
# Buechel's ratings train an auxiliary head that sharpens the encoder; it is not shipped.
AUX_TASKS = {"concern_distress": Task("concern_distress", ("concern", "distress"), "scores")}
ALL_TASKS = {**TASKS, **AUX_TASKS}
# Unit-length embeddings have ~0.05 per dimension; scaling to ~1 lets the heads learn at the
# encoder's pace. The scale is folded into the first head layer at export (see head_arrays).
INPUT_SCALE = math.sqrt(384)
BUDGET_PROBE = 60  # steps timed before a time budget fixes the run's length


@dataclass
class Config:
    steps: int
    batch: int = 32
    encoder_lr: float = 5e-5
    head_lr: float = 1e-3
    warmup: float = 0.06
    weight_decay: float = 0.01
    seed: int = 13
    device: str = "cpu"
    budget_seconds: float = 0.0  # > 0: shorten the run to fit, judged from the first steps


@dataclass
class Source:
    """Rows that share their inputs and carry targets for one or more heads."""

    name: str
    texts: list[str]
    pairs: list[str] | None
    targets: dict[str, np.ndarray]


def sources_from(examples: list[Examples]) -> list[Source]:
    """Merge examples over the same inputs, so one forward pass feeds all their heads."""
    merged: dict[tuple, Source] = {}
    for ex in examples:
        key = (tuple(ex.texts), tuple(ex.pairs) if ex.pairs is not None else None)
        source = merged.setdefault(key, Source(ex.task, ex.texts, ex.pairs, {}))
        source.targets[ex.task] = ex.targets
    return list(merged.values())


class MultiTaskModel(nn.Module):
    def __init__(self, encoder: nn.Module, tasks: dict[str, Task]) -> None:
        super().__init__()
        self.encoder = encoder
        self.heads = nn.ModuleDict(
            {
                name: nn.Sequential(nn.Linear(384, HIDDEN), nn.ReLU(), nn.Dropout(0.1), nn.Linear(HIDDEN, task.width))
                for name, task in tasks.items()
            }
        )
        # Zero read-outs start every head at uniform probabilities, so a head whose data is
        # not there yet says "no idea" instead of a random guess.
        for head in self.heads.values():
            nn.init.zeros_(head[3].weight)
            nn.init.zeros_(head[3].bias)

    def embed(self, ids, mask, types) -> torch.Tensor:
        hidden = self.encoder(input_ids=ids, attention_mask=mask, token_type_ids=types)[0]
        weights = mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
        return nn.functional.normalize(pooled.float(), dim=-1) * INPUT_SCALE


def load_base_encoder(base_dir: Path) -> nn.Module:
    """MiniLM from a sentence-transformers folder (config.json + model.safetensors), in fp32."""
    from safetensors.torch import load_file
    from transformers import BertConfig, BertModel

    config = BertConfig.from_json_file(str(base_dir / "config.json"))
    # Plain attention: exports to ONNX with the padding mask intact (SDPA paths may not).
    config._attn_implementation = "eager"
    model = BertModel(config, add_pooling_layer=False)
    state = load_file(str(base_dir / "model.safetensors"))
    # The pooler is unused (we mean-pool); position_ids is a fixed buffer, not a weight.
    state = {k: v.float() for k, v in state.items() if k.split(".")[0] != "pooler"}
    state.pop("embeddings.position_ids", None)
    missing, unexpected = model.load_state_dict(state, strict=False)
    if unexpected or [k for k in missing if not k.endswith("position_ids")]:
        raise ValueError(f"base weights do not fit MiniLM: {missing} {unexpected}")
    return model


def task_loss(task: Task, logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    if task.kind == "exclusive":
        return nn.functional.cross_entropy(logits, targets[:, 0].long())
    if task.kind == "levels":
        return nn.functional.cross_entropy(logits.reshape(-1, LEVELS), targets.reshape(-1).long())
    return nn.functional.binary_cross_entropy_with_logits(logits, targets)


class Batcher:
    def __init__(self, vocab: Path, device: str) -> None:
        self.tokenizer = wordpiece_tokenizer(vocab, MAX_TOKENS)
        self.device = device

    def tensors(self, texts: list[str], pairs: list[str] | None):
        batch = list(zip(texts, pairs, strict=True)) if pairs is not None else texts
        enc = self.tokenizer.encode_batch(batch)
        as_tensor = lambda rows: torch.tensor(rows, dtype=torch.long, device=self.device)  # noqa: E731
        return (
            as_tensor([e.ids for e in enc]),
            as_tensor([e.attention_mask for e in enc]),
            as_tensor([e.type_ids for e in enc]),
        )


def schedule(step: int, config: Config) -> float:
    warm = max(1, int(config.steps * config.warmup))
    if step < warm:
        return (step + 1) / warm
    return max(0.0, (config.steps - step) / max(1, config.steps - warm))


def finetune(
    base_dir: Path, vocab: Path, examples: list[Examples], config: Config, log=print, heads: dict | None = None
):
    """Train encoder and heads together; returns the model in eval mode. `heads` (arrays as
    head_arrays writes them) start the shipped heads where a previous run left them."""
    torch.manual_seed(config.seed)
    rng = np.random.default_rng(config.seed)
    sources = sources_from(examples)
    weights = np.array([math.sqrt(len(s.texts)) for s in sources])
    weights /= weights.sum()
    log({"sources": {s.name: [len(s.texts), round(float(w), 3)] for s, w in zip(sources, weights, strict=True)}})

    model = MultiTaskModel(load_base_encoder(base_dir), ALL_TASKS)
    if heads is not None:
        load_head_arrays(model, heads)
    model = model.to(config.device)
    optimizer = torch.optim.AdamW(
        [
            {"params": model.encoder.parameters(), "lr": config.encoder_lr},
            {"params": model.heads.parameters(), "lr": config.head_lr},
        ],
        weight_decay=config.weight_decay,
    )
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: schedule(s, config))
    batcher = Batcher(vocab, config.device)
    use_bf16 = config.device.startswith("cuda")
    model.train()
    started, running = time.time(), 0.0
    step = 0
    while step < config.steps:
        source = sources[rng.choice(len(sources), p=weights)]
        rows = rng.choice(len(source.texts), size=min(config.batch, len(source.texts)), replace=False)
        ids, mask, types = batcher.tensors(
            [source.texts[i] for i in rows],
            [source.pairs[i] for i in rows] if source.pairs is not None else None,
        )
        with torch.autocast("cuda", dtype=torch.bfloat16, enabled=use_bf16):
            embedding = model.embed(ids, mask, types)
        loss = sum(
            task_loss(
                ALL_TASKS[name],
                model.heads[name](embedding),
                torch.tensor(targets[rows], device=config.device),
            )
            for name, targets in source.targets.items()
        )
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        running = 0.98 * running + 0.02 * loss.item() if step else loss.item()
        if step == BUDGET_PROBE and config.budget_seconds > 0:
            per_step = (time.time() - started) / (step + 1)
            config.steps = min(config.steps, int(config.budget_seconds / per_step))
            log({"steps_within_budget": config.steps, "seconds_per_step": round(per_step, 4)})
        if step % 200 == 0 or step == config.steps - 1:
            log({"step": step, "loss": round(running, 4), "seconds": round(time.time() - started, 1)})
        step += 1
    return model.eval()


def head_arrays(model: MultiTaskModel) -> dict[str, np.ndarray]:
    """Shipped heads as numpy over the unit-length embedding, leaving out the auxiliary ones."""
    arrays = {}
    for name in TASKS:
        first, second = model.heads[name][0], model.heads[name][3]
        arrays[f"{name}.w1"] = (first.weight.detach().T * INPUT_SCALE).numpy().astype(np.float32)
        arrays[f"{name}.b1"] = first.bias.detach().numpy().astype(np.float32)
        arrays[f"{name}.w2"] = second.weight.detach().T.numpy().astype(np.float32)
        arrays[f"{name}.b2"] = second.bias.detach().numpy().astype(np.float32)
    return arrays


@torch.no_grad()
def load_head_arrays(model: MultiTaskModel, arrays) -> None:
    """The inverse of head_arrays: numpy heads back into the model's torch heads."""
    for name in TASKS:
        first, second = model.heads[name][0], model.heads[name][3]
        first.weight.copy_(torch.from_numpy(np.asarray(arrays[f"{name}.w1"]) / INPUT_SCALE).T)
        first.bias.copy_(torch.from_numpy(np.asarray(arrays[f"{name}.b1"])))
        second.weight.copy_(torch.from_numpy(np.asarray(arrays[f"{name}.w2"])).T)
        second.bias.copy_(torch.from_numpy(np.asarray(arrays[f"{name}.b2"])))


def save(model: MultiTaskModel, out_dir: Path, config: Config, extra: dict) -> None:
    """Encoder weights (fp16 safetensors: half the size, no loss once quantised to int8) + heads."""
    from safetensors.torch import save_file

    out_dir.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().half().contiguous() for k, v in model.encoder.state_dict().items() if v.is_floating_point()}
    save_file(state, str(out_dir / "model.safetensors"))
    model.encoder.config.to_json_file(str(out_dir / "config.json"))
    np.savez(out_dir / "heads.npz", **head_arrays(model))
    (out_dir / "finetune.json").write_text(json.dumps({"config": asdict(config), **extra}, indent=1))


@torch.no_grad()
def predict_logits(model: MultiTaskModel, batcher: Batcher, examples: Examples) -> np.ndarray:
    model.eval()
    out = []
    for begin in range(0, len(examples), 128):
        end = begin + 128
        pairs = examples.pairs[begin:end] if examples.pairs is not None else None
        ids, mask, types = batcher.tensors(examples.texts[begin:end], pairs)
        with torch.autocast("cuda", dtype=torch.bfloat16, enabled=batcher.device.startswith("cuda")):
            embedding = model.embed(ids, mask, types)
        out.append(model.heads[examples.task](embedding).float().cpu().numpy())
    return np.concatenate(out)


def validate(model: MultiTaskModel, batcher: Batcher, held_out: list[Examples]) -> dict:
    """Macro-F1 per head on held-out slices (thresholds fitted on the same slice: for choosing
    between runs only, never for reporting)."""
    from between.analysis.evaluation import task_scores
    from between.analysis.training.calibrate import label_thresholds

    scores = {}
    for examples in held_out:
        task = TASKS[examples.task]
        if task.kind == "scores":
            continue
        probs = read_out(task, predict_logits(model, batcher, examples))
        thresholds = label_thresholds(task, probs, examples.targets) if task.kind == "multilabel" else None
        scores[task.name] = task_scores(task, probs, examples.targets, thresholds)["macro_f1"]
    return scores
