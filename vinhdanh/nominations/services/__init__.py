"""Writes of the nominations workflow, split by topic; import from the submodules."""
