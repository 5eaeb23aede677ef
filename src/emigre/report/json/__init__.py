"""The machine-readable contract of `emigre plan --format json` and `emigre routes --format json`,
one module per part of the document: `document` (the whole, in the ranking's order), `routes`,
`conditions`, `plans`, `amounts`, `situation` (warnings) and `citations` (sources, legal bases).

Field names here are a public contract (the web app and other tools read them): add, never rename.

What a route's document says whatever the person (its card, outcomes and papers, every source's
JSON, a condition's legal basis, sources and parameters) is built once per route or condition
and language and shared by the documents that hold it: read a document, never change its parts
in place (a new top-level key is fine).
"""
