"""Seq2Label: learning, decoding, persistence and bad input."""

from __future__ import annotations

import json
import random
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from ml.tagger import CheckpointError, Seq2Label, Seq2LabelConfig
from ml.tagger.decoding import beam_decode, greedy_decode, without_repeats
from ml.tagger.network import Seq2LabelNet
from ml.tagger.tokenizer import EOS_ID, SubwordTokenizer
from ml.tagger.training import teacher_forcing_ratio

ADJECTIVES = ["great", "poor", "cheap", "sturdy"]
NOUNS = ["battery", "screen", "cable", "speaker"]
OPENERS = ["honestly", "overall", "after a month", "my wife says", "well"]

TINY = Seq2LabelConfig(
    vocab_size=120,
    embedding_dim=32,
    hidden_dim=64,
    epochs=18,
    batch_size=16,
    patience=18,
    learning_rate=1e-2,
    dropout=0.0,
    tf_decay=0.85,
    max_source_tokens=32,
)


def synthetic_reviews(count: int, seed: int = 0) -> tuple[list[str], list[str]]:
    """Reviews that name a part and a quality; the label is "quality part"."""
    rng = random.Random(seed)
    texts, labels = [], []
    for _ in range(count):
        adjective, noun = rng.choice(ADJECTIVES), rng.choice(NOUNS)
        texts.append(f"{rng.choice(OPENERS)} the {noun} is {adjective}")
        labels.append(f"{adjective} {noun}")
    return texts, labels


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Seq2Label, Path]:
    texts, labels = synthetic_reviews(160)
    metrics = tmp_path_factory.mktemp("tagger") / "metrics.jsonl"
    model = Seq2Label(TINY, device="cpu")
    model.fit(texts, labels, metrics_path=metrics, show_progress=False)
    return model, metrics


def test_learns_quality_part_mapping(trained: tuple[Seq2Label, Path]) -> None:
    model, _ = trained
    texts, labels = synthetic_reviews(40, seed=1)

    predicted = model.predict(texts)

    exact = np.mean([p == gold for p, gold in zip(predicted, labels, strict=True)])
    assert exact >= 0.9


def test_greedy_and_beam_give_one_label_per_text(trained: tuple[Seq2Label, Path]) -> None:
    model, _ = trained
    texts, _ = synthetic_reviews(7, seed=2)

    greedy = model.predict(texts)
    beam = model.predict(texts, beam=4)

    assert len(greedy) == len(beam) == len(texts)
    assert all(isinstance(label, str) and 0 < len(label.split()) <= 8 for label in greedy + beam)


def test_beam_of_one_matches_greedy(trained: tuple[Seq2Label, Path]) -> None:
    model, _ = trained
    assert model.net is not None
    assert model.tokenizer is not None
    texts, _ = synthetic_reviews(5, seed=3)
    for text in texts:
        ids = model.tokenizer.encode(text, TINY.max_source_tokens)
        encoded = model.net.encode(torch.tensor([ids]), torch.tensor([len(ids)]))

        greedy = greedy_decode(model.net, encoded, TINY.max_target_tokens)[0]
        beam = beam_decode(model.net, encoded, 1, TINY.max_target_tokens, 0.7)

        assert beam == greedy


def test_save_load_round_trip_predicts_identically(trained: tuple[Seq2Label, Path], tmp_path: Path) -> None:
    model, _ = trained
    texts, _ = synthetic_reviews(20, seed=4)

    folder = model.save(tmp_path / "tagger")
    loaded = Seq2Label.load(tmp_path / "tagger", device="cpu")

    assert folder.name == "v0001"
    assert loaded.config == model.config
    assert loaded.predict(texts) == model.predict(texts)
    assert loaded.predict(texts, beam=3) == model.predict(texts, beam=3)


def test_each_save_adds_a_version_and_load_takes_the_latest(
    trained: tuple[Seq2Label, Path], tmp_path: Path
) -> None:
    model, _ = trained

    first = model.save(tmp_path)
    second = model.save(tmp_path)

    assert (first.name, second.name) == ("v0001", "v0002")
    assert json.loads((second / "manifest.json").read_text())["kind"] == "seq2label"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert Seq2Label.load(first).predict(["well the cable is cheap"]) == ["cheap cable"]


def test_missing_checkpoint_raises_checkpoint_error(tmp_path: Path) -> None:
    with pytest.raises(CheckpointError, match="no seq2label checkpoint"):
        Seq2Label.load(tmp_path / "nowhere")


def test_corrupt_weights_raise_checkpoint_error(trained: tuple[Seq2Label, Path], tmp_path: Path) -> None:
    model, _ = trained
    folder = model.save(tmp_path)
    (folder / "weights.pt").write_bytes(b"not a torch file")

    with pytest.raises(CheckpointError, match="corrupt"):
        Seq2Label.load(tmp_path)


def test_unreadable_manifest_raises_checkpoint_error(trained: tuple[Seq2Label, Path], tmp_path: Path) -> None:
    model, _ = trained
    folder = model.save(tmp_path)
    (folder / "manifest.json").write_text("{ truncated")

    with pytest.raises(CheckpointError, match="unreadable manifest"):
        Seq2Label.load(folder)


def test_empty_text_gets_no_label(trained: tuple[Seq2Label, Path]) -> None:
    model, _ = trained

    assert model.predict(["", "   \n", "well the screen is poor"]) == [None, None, "poor screen"]
    assert model.predict([]) == []


def test_fifty_thousand_characters_are_cut_to_max_tokens(trained: tuple[Seq2Label, Path]) -> None:
    model, _ = trained
    assert model.tokenizer is not None
    huge = "the battery is great " * 2500

    started = time.perf_counter()
    [label] = model.predict([huge], beam=3)

    assert len(model.tokenizer.encode(huge, TINY.max_source_tokens)) == TINY.max_source_tokens
    assert label is not None
    assert time.perf_counter() - started < 5


def test_non_english_text_gets_a_label_without_unk(trained: tuple[Seq2Label, Path]) -> None:
    model, _ = trained
    assert model.tokenizer is not None

    labels = model.predict(["这个电池非常好", "la batería es muy buena ñandú", "🙂🙂"])

    assert all(label is not None and "<unk>" not in label for label in labels)
    assert 1 not in model.tokenizer.encode("这个电池非常好", 64)  # byte-level: never <unk>


def test_attention_weights_sum_to_one_over_the_source(trained: tuple[Seq2Label, Path]) -> None:
    model, _ = trained

    attention = model.attention("overall the speaker is sturdy")

    assert attention.weights.shape == (
        len(attention.output_tokens),
        len(attention.source_tokens),
    )
    np.testing.assert_allclose(attention.weights.sum(axis=1), 1.0, atol=1e-5)


def test_attention_gives_padding_no_weight() -> None:
    torch.manual_seed(0)
    net = Seq2LabelNet(TINY, vocab_size=50).eval()
    source = torch.tensor([[5, 6, 7, 8, 9], [5, 6, 0, 0, 0]])
    encoded = net.encode(source, torch.tensor([5, 2]))

    with torch.no_grad():
        _, _, weights = net.decoder.step(torch.tensor([2, 2]), encoded.hidden, encoded)

    np.testing.assert_allclose(weights.sum(dim=1).detach().numpy(), 1.0, atol=1e-6)
    assert float(weights[1, 2:].sum()) == 0.0


def test_encoder_matches_a_packed_bidirectional_gru_layer_by_layer() -> None:
    torch.manual_seed(0)
    config = Seq2LabelConfig(embedding_dim=8, hidden_dim=6, num_layers=2, dropout=0.0)
    net = Seq2LabelNet(config, vocab_size=30).eval()
    reference = torch.nn.GRU(8, 6, num_layers=2, bidirectional=True, batch_first=True)
    for layer in range(2):
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            ahead = getattr(net.encoder.forward_layers[layer], f"{name}_l0")
            behind = getattr(net.encoder.backward_layers[layer], f"{name}_l0")
            getattr(reference, f"{name}_l{layer}").data.copy_(ahead.data)
            getattr(reference, f"{name}_l{layer}_reverse").data.copy_(behind.data)
    source = torch.tensor([[4, 5, 6, 7, 8], [9, 10, 11, 0, 0]])
    lengths = torch.tensor([5, 3])
    packed = pack_padded_sequence(net.embedding(source), lengths, batch_first=True)
    packed_out, h_n = reference(packed)
    expected_out, _ = pad_packed_sequence(packed_out, batch_first=True)

    with torch.no_grad():
        encoded = net.encode(source, lengths)

    # h_n rows: layer0 forward, layer0 backward, layer1 forward, layer1 backward
    torch.testing.assert_close(encoded.hidden[0], h_n[0] + h_n[1])
    torch.testing.assert_close(encoded.hidden[1], h_n[2] + h_n[3])
    summed = expected_out[..., :6] + expected_out[..., 6:]
    torch.testing.assert_close(encoded.outputs[0], summed[0])
    torch.testing.assert_close(encoded.outputs[1, :3], summed[1, :3])


def test_teacher_forcing_decays_per_epoch_to_its_floor() -> None:
    config = Seq2LabelConfig(tf_start=1.0, tf_decay=0.5, tf_min=0.2)

    ratios = [teacher_forcing_ratio(config, epoch) for epoch in range(5)]

    assert ratios == [1.0, 0.5, 0.25, 0.2, 0.2]


def test_metrics_jsonl_has_one_line_per_epoch(trained: tuple[Seq2Label, Path]) -> None:
    model, metrics = trained
    assert model.history is not None

    lines = [json.loads(line) for line in metrics.read_text().splitlines()]

    assert len(lines) == len(model.history.epochs)
    assert {"train_loss", "val_loss", "tf_ratio", "pairs_per_s"} <= set(lines[0])
    assert lines[-1]["tf_ratio"] < lines[0]["tf_ratio"]


def test_progress_callback_reaches_one_and_training_is_seeded() -> None:
    texts, labels = synthetic_reviews(24)
    config = Seq2LabelConfig(
        vocab_size=80, embedding_dim=8, hidden_dim=8, epochs=2, batch_size=8, dropout=0.1
    )
    reports: list[tuple[float, str]] = []

    first = Seq2Label(config, device="cpu")
    first.fit(
        texts,
        labels,
        on_progress=lambda done, msg: reports.append((done, msg)),
        show_progress=False,
    )
    second = Seq2Label(config, device="cpu")
    second.fit(texts, labels, show_progress=False)

    assert reports[-1][0] == 1.0
    assert all(a[0] <= b[0] for a, b in zip(reports, reports[1:], strict=False))
    assert first.predict(texts) == second.predict(texts)


def test_labels_are_not_cut_to_ten_tokens() -> None:
    tokenizer = SubwordTokenizer.train(["a very long label with many many words"] * 3, 60)
    model = Seq2Label(Seq2LabelConfig(vocab_size=60))
    model.tokenizer = tokenizer

    [pair] = model._encode_pairs([("text", "one two three four five six seven eight")])

    assert len(pair.target) > 10
    assert pair.target[-1] == EOS_ID


def test_time_budget_stops_training_and_keeps_a_usable_model() -> None:
    texts, labels = synthetic_reviews(48)
    config = Seq2LabelConfig(
        vocab_size=80, embedding_dim=8, hidden_dim=8, epochs=50, batch_size=8, max_train_seconds=0
    )

    model = Seq2Label(config, device="cpu")
    history = model.fit(texts, labels, show_progress=False)

    assert len(history.epochs) == 1
    assert history.stopped_early
    assert len(model.predict(texts[:3])) == 3


BRANDS = ["zorvex", "quellin", "brandax", "mopplo", "tivrane", "yestrel", "glomby", "ferrink"]
BRANDS += ["sauvix", "plendor", "krambit", "wexolo", "dunbrix", "halvory", "nimtuk", "orbane"]


def brand_reviews(names: list[str], count: int, seed: int) -> tuple[list[str], list[str]]:
    """Reviews naming the brand bought and one compared; the label names the one bought."""
    rng = random.Random(seed)
    texts, labels = [], []
    for _ in range(count):
        name, other = rng.choice(names), rng.choice(BRANDS)
        texts.append(f"i bought the {name} after trying {other} and it is great")
        labels.append(f"great {name}")
    return texts, labels


@pytest.mark.parametrize("copy", [True, False])
def test_copy_mechanism_labels_with_words_never_seen_in_a_label(copy: bool) -> None:
    # given: training labels that name only 12 of the brands; the other 4 appear in review
    # text (as the brand compared) and, with this vocabulary, are each one subword
    seen, unseen = BRANDS[:12], BRANDS[12:]
    texts, labels = brand_reviews(seen, 200, seed=0)
    model = Seq2Label(replace(TINY, vocab_size=400, copy_mechanism=copy), device="cpu")
    model.fit(texts, labels, show_progress=False)

    # when: reviews of the 4 brands no label ever named are tagged
    test_texts, test_labels = brand_reviews(unseen, 40, seed=1)
    predicted = model.predict(test_texts)

    # then: only the pointer-generator can name them; the plain generator falls back on a
    # brand it was taught to emit
    correct = sum(p == label for p, label in zip(predicted, test_labels, strict=True)) / len(test_labels)
    if copy:
        assert correct >= 0.9, predicted[:5]
    else:
        assert correct == 0.0, predicted[:5]


def test_copy_distribution_is_a_distribution_over_the_vocabulary() -> None:
    torch.manual_seed(0)
    net = Seq2LabelNet(replace(TINY, copy_mechanism=True), vocab_size=50).eval()
    source = torch.tensor([[7, 9, 9, 11], [5, 6, 0, 0]])
    encoded = net.encode(source, torch.tensor([4, 2]))
    log_probs, _, _ = net.decoder.step(torch.tensor([2, 2]), encoded.hidden, encoded)
    assert torch.allclose(log_probs.exp().sum(dim=1), torch.ones(2), atol=1e-5)
    # with the gate shut, all mass sits on the source's own ids (padding gets none)
    assert net.decoder.copy_gate is not None
    with torch.no_grad():
        net.decoder.copy_gate.bias.fill_(-50.0)
        net.decoder.copy_gate.weight.zero_()
    with torch.no_grad():
        probs = net.decoder.step(torch.tensor([2, 2]), encoded.hidden, encoded)[0].exp()
    assert float(probs[0, [7, 9, 11]].sum()) == pytest.approx(1.0, abs=1e-4)
    assert float(probs[1, [5, 6]].sum()) == pytest.approx(1.0, abs=1e-4)
    assert float(probs[1, 0]) < 1e-6


def test_checkpoints_from_before_the_copy_mechanism_load_without_it() -> None:
    old = {key: value for key, value in TINY.to_dict().items() if key != "copy_mechanism"}
    assert Seq2LabelConfig.from_dict(old).copy_mechanism is False
    assert Seq2LabelConfig.from_dict(TINY.to_dict()).copy_mechanism is True


def test_decoding_never_repeats_a_word_straight_after_itself() -> None:
    log_probs = torch.log(torch.tensor([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2], [0.1, 0.2, 0.7]]))
    word_starts = torch.tensor([False, True, True])
    blocked = without_repeats(log_probs, torch.tensor([1, 2, 0]), word_starts)
    # rows 1 and 2 came after a word start and may not repeat it; row 3 after a piece may
    assert blocked.argmax(dim=1).tolist() == [2, 0, 2]
    assert blocked[0, 1] == float("-inf")
    assert blocked[1, 2] == float("-inf")
    assert blocked[2, 0] == log_probs[2, 0]
    assert log_probs[0, 1] > -1.0  # the input is left as it was
    assert without_repeats(log_probs, torch.tensor([1, 2, 0]), None) is log_probs


def test_word_starts_mark_tokens_after_a_space() -> None:
    tokenizer = SubwordTokenizer.train(["the screen is great", "buttons value"], 300)
    starts = tokenizer.word_starts()
    assert len(starts) == tokenizer.vocab_size
    assert all(starts[i] for i in tokenizer.encode("screen buttons", 10))
    assert not any(starts[:4])  # special tokens
