"""Language processing: the spaCy model and the readers built on it."""
