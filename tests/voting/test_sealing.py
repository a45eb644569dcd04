"""A sealed ballot opens only with the key, for the envelope, channel and batch it was sealed
for, and its size says nothing about how many projects it picks."""

import base64

import pytest

from voting import sealing

OTHER_KEY = base64.urlsafe_b64decode(base64.urlsafe_b64encode(b"another-key-of-thirty-two-bytes!"))


def _seal(choices, **where):
    bound = {"envelope_id": 7, "channel": "online", "batch_id": None, **where}
    return sealing.seal(receipt="ABCDE-FGHJK", choices=choices, projects=12, **bound)


def test_it_opens_what_it_sealed():
    sealed = _seal({3: 1, 9: 5})
    assert sealing.unseal(sealed=sealed, envelope_id=7, channel="online", batch_id=None) == (
        "ABCDE-FGHJK", {3: 1, 9: 5})


def test_the_sealed_ballot_shows_neither_receipt_nor_choices():
    sealed = _seal({123456: 1})
    assert b"ABCDE" not in sealed and b"123456" not in sealed


def test_every_ballot_of_an_envelope_seals_to_one_length():
    lengths = {len(_seal(dict.fromkeys(range(1, n + 1), 100))) for n in range(0, 13)}
    assert len(lengths) == 1


def test_sealing_twice_gives_two_different_seals():
    assert _seal({3: 1}) != _seal({3: 1})


@pytest.mark.parametrize("where", [{"envelope_id": 8}, {"channel": "code"}, {"batch_id": 4}])
def test_a_sealed_ballot_moved_elsewhere_does_not_open(where):
    sealed = _seal({3: 1})
    bound = {"envelope_id": 7, "channel": "online", "batch_id": None, **where}
    with pytest.raises(sealing.CannotOpen):
        sealing.unseal(sealed=sealed, **bound)


def test_an_altered_sealed_ballot_does_not_open():
    sealed = bytearray(_seal({3: 1}))
    sealed[20] ^= 1
    with pytest.raises(sealing.CannotOpen):
        sealing.unseal(sealed=bytes(sealed), envelope_id=7, channel="online", batch_id=None)


def test_another_key_neither_opens_it_nor_finds_its_receipt(settings):
    sealed = _seal({3: 1})
    digest, key_id = sealing.receipt_digest("ABCDE-FGHJK"), sealing.key_id()
    settings.BALLOT_BOX_KEY_BYTES = OTHER_KEY
    with pytest.raises(sealing.CannotOpen):
        sealing.unseal(sealed=sealed, envelope_id=7, channel="online", batch_id=None)
    assert sealing.receipt_digest("ABCDE-FGHJK") != digest
    assert sealing.key_id() != key_id
