"""The languages Kist speaks: choosing one (remembered without an account), the language
statement, and writing to each person in their own language.

A language is a catalogue under locale/ and an entry in settings.LANGUAGES, nothing more. Its
catalogue's header says whether a native speaker has reviewed it (X-Kist-Review), and the
language statement reads that, so the statement cannot claim more than the catalogue does.
"""
