"""vanban: Vietnamese official documents on children's affairs, from one YAML per province."""

__version__ = "0.1.0"
