"""Rendering and output: templates in a time-limited sandbox, files, manifest and history,
tracked changes, PDF, and the lock that lets one build at a time into a province's folder.
"""
