"""The mentor catalog: who is listed, ranked by the viewer's gaps, and each mentor's own profile."""
