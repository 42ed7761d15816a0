"""Recording a provider's exchange without anybody's data in it: synthetic numbers, scrubbing, whole-request matching.

``numcheck record`` (`numcheck.maintenance`) writes cassettes with these; `numcheck.testing` hands the same tools to
plugin authors (its ``numbers``, ``cassettes`` and ``requests`` modules re-export them), and its simulator
answers only the requests `numcheck.recording.matching` says a manifest declares.
"""
