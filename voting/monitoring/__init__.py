"""Equalities monitoring: after voting, a voter may say who they are (age, sex, disability,
ethnic group, in the Scottish census's own categories), so the council can see who took part
and who did not, as the Public Sector Equality Duty asks.

The answers can never be joined to a ballot, a participation or an account. They are sealed in
the request with the ballot box key (voting.sealing), with no date, no order and nothing about
who sent them; the worker opens them in groups, as it mixes ballots, and adds them to counts
per answer, deleting what it opened. Only those counts remain, and they are shown merged to the
same privacy floor as turnout: no group of fewer than ten people.
"""
