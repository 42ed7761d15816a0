"""Whether each online checker's answers can be trusted, learnt by asking it questions whose answers are known.

* `controls`: negative controls, numbers in segments never opened to anyone (nobody's, so nobody is probed).
* `canaries`: positive canaries, known answers the user or a maintainer keeps.
* `classify`: what one answer means for the checker (a pass, a false positive, drift, a block ...).
* `model`: the health table and the published health file (documented, versioned: docs/self-check.md).
* `published`: reads a health file from a path or a URL and refuses a malformed one.
* `store`: keeps the latest results on this machine, with their dates, and says which are still in force.
* `gate`: at check time, sets aside a checker whose last self-check caught a false answer, and stamps the
  provenance of one that passed live here.
* `render`: the table as text, JSON and Markdown.

The package sits below the engine, which reads the stored health at check time; the self-check itself, which
drives the engine, is `numcheck.selfcheck`, and its command `numcheck.cli.health`.
"""
