from rsctparse.ansible import FilterModule  # noqa: F401  (the one line that makes the filters visible)
