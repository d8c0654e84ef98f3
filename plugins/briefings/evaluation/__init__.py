"""Accuracy measurements of the annotators against public data sets."""
