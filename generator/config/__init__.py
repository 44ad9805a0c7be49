"""Configuration: province YAML → the validated model (domain.model).

Reads YAML with positions, merges the shared programme, checks every field and
reports each problem with file, line, column and field.
"""
