"""The DfE's person-level SEN2 return, produced from the case record.

``assemble.build_return(year)`` reads the record; ``xml.to_xml`` writes the message and
``xml.schema_errors`` validates it against the vendored 2024 schema; ``checks.problems`` lists what
to fix before sending; ``report.run`` ties them together for the command and the page.
"""
