"""The scorer behind `dossier eval --gold DIR --corpus DIR`: gold files in, figures out.

`evaluate(gold_dir, corpus_dir, stages=None)` ingests the corpus, runs the pipeline in
memory, pairs each gold file with its article and scores every layer (see `score.py`).
`BASELINE_STAGES` is the deliberately simple reference pipeline shown beside the system.
"""
from .report import EvalReport
from .score import BASELINE_STAGES, evaluate

__all__ = ["BASELINE_STAGES", "EvalReport", "evaluate"]
