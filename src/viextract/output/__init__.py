"""Writers and renderers of documents: JSONL, brat, CoNLL (:mod:`.jsonl`, :mod:`.brat`,
:mod:`.conll`), HTML (:mod:`.render`), records and DataFrames (:mod:`.tables`)."""
