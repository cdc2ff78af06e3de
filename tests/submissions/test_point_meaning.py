"""Points' vectors from both models: laid out side by side, each part a unit vector, the same in
every process."""

import json
import subprocess
import sys

import numpy as np

from submissions import embeddings, point_meaning

TEXTS = [
    "Designate a single national point of contact reachable 24/7 for ICT incidents.",
    "Désigner un point de contact national unique joignable 24 h sur 24, 7 jours sur 7.",
    "Train judges and prosecutors in handling electronic evidence.",
]


def test_each_point_has_both_models_vectors_side_by_side() -> None:
    rows = point_meaning.encode(TEXTS)
    assert rows.shape == (3, point_meaning.DIMENSIONS)
    assert np.allclose(rows[:, point_meaning.FIRST], embeddings.encode(TEXTS))
    lengths = np.linalg.norm(rows[:, point_meaning.SECOND], axis=1)
    assert np.allclose(lengths, 1.0, atol=1e-5)
    assert point_meaning.encode([]).shape == (0, point_meaning.DIMENSIONS)


def test_the_second_model_finds_an_english_and_a_french_paraphrase_closest() -> None:
    second = point_meaning.second(TEXTS)
    cosines = second @ second.T
    assert cosines[0, 1] > cosines[0, 2] + 0.05
    assert cosines[0, 1] > cosines[1, 2] + 0.05


def test_packed_rows_come_back_within_quantisation() -> None:
    rows = point_meaning.encode(TEXTS)
    assert np.allclose(point_meaning.unpack(point_meaning.pack(rows)), rows, atol=0.005)


def test_another_process_computes_the_same_vectors() -> None:
    # Kept with a revision and compared with vectors computed elsewhere: they must agree exactly.
    code = (
        "import json, sys; from submissions import point_meaning; "
        "sys.stdout.buffer.write(point_meaning.second(json.loads(sys.argv[1])).tobytes())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(TEXTS)], capture_output=True, check=True
    )
    there = np.frombuffer(done.stdout, dtype=np.float32).reshape(len(TEXTS), -1)
    assert np.array_equal(there, point_meaning.second(TEXTS))
