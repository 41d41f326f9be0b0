"""Numba-compiled kernels: pure functions over arrays, seeded by an explicit random state."""
