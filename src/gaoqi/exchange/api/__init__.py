"""Imports over REST: upload (with the preview), status, commit and the error report."""
