"""Rendering and output: templates, files, manifest and history, tracked changes, PDF.
"""
