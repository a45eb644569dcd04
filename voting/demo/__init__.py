"""A believable fictional council, Riverside, with a round in every phase, so Kist can be tried
on one machine: one module per round, each loading itself idempotently through Kist's own
services (so the demo's audit log, letters and ballot box are the real ones)."""
