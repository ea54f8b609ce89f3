"""The pages of the projects app, one module per part of the monitoring record.

Views are thin: they load objects through ``tidtam.accounts.access``, check a form, call one
service or selector of ``tidtam.projects`` and render. No rule about plans, sessions or review
lives here.
"""
