"""Matching: a pure NumPy/SciPy engine (engine.py) and its Django workflow (services.py)."""
