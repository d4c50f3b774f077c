"""One experiment harness: tasks, methods, budgets, seeds and one results format (protocol.py)."""
