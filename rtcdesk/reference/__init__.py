"""Reference data shipped inside the package (read with importlib.resources,
so it works from a wheel as well as from the source tree)."""
