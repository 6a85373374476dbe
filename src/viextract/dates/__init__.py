"""Dates: the rule grammar (:mod:`.grammar`), the recognizer that runs it
(:mod:`.recognizer`), and the resolver that turns partial dates into TIMEX3 values against a
reference date (:mod:`.resolve`)."""
