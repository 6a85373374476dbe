"""The entity model (PER, LOC, ORG): the CRF tagger and its post-tagging rules (:mod:`.model`),
its features (:mod:`.features`), BIO helpers (:mod:`.bio`), underthesea's tagger as a baseline
(:mod:`.underthesea`) with the span rules it needs (:mod:`.boundaries`)."""
