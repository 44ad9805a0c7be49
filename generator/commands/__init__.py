"""The command line: one module wires the verbs; each verb calls the stages below it.
"""
