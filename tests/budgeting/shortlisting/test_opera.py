"""The plain logic: suggested pairs and the Borda count with agreement."""

from budgeting.shortlisting.opera import borda, suggest_pairs


def test_pairs_cross_partners_and_pair_council_with_third_sector():
    members = [(1, "c", "council"), (2, "c", "council"), (3, "t", "third_sector"),
               (4, "g", "community")]
    pairs = suggest_pairs(members)
    assert sorted(len(p) for p in pairs) == [2, 2]
    partner = {m: p for m, p, _k in members}
    for pair in pairs:
        assert partner[pair[0]] != partner[pair[1]]
    assert any({1, 3} == set(p) or {2, 3} == set(p) for p in pairs)


def test_odd_member_joins_a_pair_so_no_one_is_left_out():
    members = [(1, "c", "council"), (2, "c", "council"), (3, "t", "third_sector")]
    pairs = suggest_pairs(members)
    assert len(pairs) == 1 and sorted(pairs[0]) == [1, 2, 3]


def test_largest_partner_is_spread_across_pairs():
    members = [(i, "c", "council") for i in range(1, 3)] + [(3, "t", "third_sector"),
                                                           (4, "t", "third_sector")]
    for pair in suggest_pairs(members):
        assert {m for m in pair} & {1, 2} and {m for m in pair} & {3, 4}


def test_single_member_and_empty():
    assert suggest_pairs([]) == []
    assert suggest_pairs([(1, "c", "council")]) == [[1]]


def test_borda_points_order_and_ties_keep_input_order():
    keys = ["a", "b", "c"]
    rankings = [{"a": 1, "b": 2, "c": 3}, {"a": 2, "b": 1, "c": 3}]
    rows = borda(rankings, keys)
    assert [(r.key, r.points) for r in rows] == [("a", 3), ("b", 3), ("c", 0)]
    assert rows[0].places == (1, 2)


def test_agreement_shows_disagreement_instead_of_averaging_it_away():
    keys = ["a", "b", "c", "d", "e"]
    rankings = [{"a": 1, "b": 3, "c": 2, "d": 4, "e": 5},
                {"a": 5, "b": 3, "c": 1, "d": 2, "e": 4}]
    rows = {r.key: r for r in borda(rankings, keys)}
    assert rows["a"].agreement == "differ" and rows["a"].spread == 4
    assert rows["a"].deviation == 2.0
    assert rows["b"].agreement == "agree" and rows["b"].deviation == 0.0
    assert rows["d"].agreement == "mixed"
    # Same points for a (consensus-free) and b (consensus): only the spread tells them apart.
    assert rows["a"].points == rows["b"].points == 4


def test_borda_with_no_rankings():
    rows = borda([], ["a"])
    assert rows[0].points == 0 and rows[0].agreement == "agree"
