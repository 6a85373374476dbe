"""The entity model (PER, LOC, ORG): the CRF tagger (:mod:`.model`), its post-tagging rules
(:mod:`.rules`, one ordered table) on typed spans (:mod:`.spans`), its features
(:mod:`.features`), BIO helpers (:mod:`.bio`), underthesea's tagger as a baseline
(:mod:`.underthesea`) with the span rules it needs (:mod:`.boundaries`)."""
