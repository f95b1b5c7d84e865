"""Importing rosters: `roster.roster_import` is the entry point, `report.report_xlsx` the report.

headers.py knows column names, cells.py reads single cells, rows.py turns a row into registry
facts, registry.py matches people to the station's records, report.py holds the outcome.
"""
