"""Composition: the validated model → the text and template context of each document.
"""
