"""One run of the SEN2 return: the XML, its schema errors, the counts and the problems.

The command and the page both call ``run``; ``as_json`` is the shape ``openehcp sen2 --json``
prints, with the keys the README documents.
"""

from dataclasses import dataclass
from datetime import datetime

from .assemble import Sen2Return, build_return
from .checks import Problem, problems
from .xml import schema_errors, to_xml


@dataclass
class Sen2Run:
    sen2: Sen2Return
    schema: str
    xml: bytes
    schema_errors: list[str]
    problems: list[Problem]

    @property
    def validated(self) -> bool:
        """Checked against a schema: only the 2024 schema is public."""
        return self.schema == "2024"

    @property
    def valid(self) -> bool:
        return not self.schema_errors

    def child_ids(self) -> list[int]:
        return [person.child_id for person in self.sen2.persons]

    def as_json(self) -> dict:
        period = self.sen2.period
        return {
            "year": period.year,
            "reference_date": period.reference.isoformat(),
            "period_start": period.starts.isoformat(),
            "la_number": self.sen2.header.lea,
            "schema": self.schema,
            "schema_validated": self.validated,
            "schema_valid": self.valid if self.validated else None,
            "schema_errors": self.schema_errors,
            "counts": self.sen2.counts(),
            "problems": [problem.as_dict() for problem in self.problems],
        }


def run(
    year: int, *, schema: str = "2024", serial: str = "001", now: datetime | None = None
) -> Sen2Run:
    """Build the return for ``year``, write it for ``schema`` and check it."""
    sen2 = build_return(year, serial=serial, now=now)
    document = to_xml(sen2, schema=schema)
    errors = schema_errors(document) if schema == "2024" else []
    return Sen2Run(
        sen2=sen2, schema=schema, xml=document, schema_errors=errors, problems=problems(sen2)
    )
