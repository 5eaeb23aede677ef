"""Output: the JSON contract and the terminal views."""
