"""Settings: base (shared), dev (laptop default), test, production."""
