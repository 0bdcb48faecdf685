"""The store: the store folder and its generations, loading documents into it (the build
pipeline), their dumps, and running queries — on the embedded Oxigraph store (caged worker
processes) or an external SPARQL store, behind one interface (`engine.Engine`: run, select).

Nothing here imports Flask: `extract`, `validate`, `export`, `build` and `compare` run without it;
the web views live in `budgetlod.server`.
"""
