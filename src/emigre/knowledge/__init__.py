"""The knowledge base: schema (`model`, `route`), dated parameters (`parameters`), loading (`loader`)."""
