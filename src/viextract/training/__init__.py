"""Training the entity model (:mod:`.trainer`, the ``viextract-train`` command) and writing
CRFsuite files (:mod:`.crfsuite_writer`); never imported at run time."""
