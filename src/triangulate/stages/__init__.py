"""Pipeline stages, one module per stage, in pipeline order.

Each module exports one verb function that takes typed records plus its
``<Stage>Settings`` and returns an iterator of records: ``ingest_articles``
(inputs → ``Article``/``Rejection``), ``parse_articles``, and so on.
Stage modules never import each other; ``pipeline.py`` chains them.
"""
