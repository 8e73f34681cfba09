"""Document -> Extraction: every quantity, labelled figures, grades, and the
indicator statements (targets, results) aligned by subject."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .facts import Facts
from .model import Document, Figure, Grade, Pair, Quantity, Statement
from .selfeval import SelfEval


@dataclass(frozen=True)
class Extraction:
    quantities: tuple[Quantity, ...] = ()
    figures: tuple[Figure, ...] = ()
    grades: tuple[Grade, ...] = ()
    statements: tuple[Statement, ...] = ()
    pairs: tuple[Pair, ...] = ()
    groups: dict[str, int] = field(default_factory=dict)  # '驻外招商组' -> 6
    selfevals: tuple[SelfEval, ...] = ()  # the 自评表 found among the tables
    facts: Facts = field(default_factory=Facts)  # every figure with its concept and context

    def to_dict(self, doc: Document) -> dict[str, Any]:
        def loc(start: int) -> dict[str, Any]:
            page, line = doc.locate(start)
            return {"page": page, "line": line}

        def q(x: Quantity) -> dict[str, Any]:
            return {"text": x.text, "value": str(x.value), "unit": x.unit, "qualifier": x.qualifier,
                    "start": x.start, "end": x.end, **loc(x.start)}

        def st(s: Statement) -> dict[str, Any]:
            d = {"role": s.role, "subject": s.subject, "head": s.head, **q(s.q)}
            if s.total is not None:
                d["total"] = str(s.total)
                d["total_note"] = s.total_note
            if s.rate is not None:
                d["rate"] = s.rate.text
            return d

        return {
            "figures": [{"label": f.label, "cue": f.cue, **q(f.q)} for f in self.figures],
            "grades": [{"grade": g.value, "text": g.text, "start": g.start, "end": g.end, **loc(g.start)} for g in self.grades],
            "targets": [st(s) for s in self.statements if s.role == "target"],
            "results": [st(s) for s in self.statements if s.role == "result"],
            "pairs": [{"target": p.target.q.text, "target_subject": p.target.subject,
                       "result": p.result.q.text, "result_subject": p.result.subject,
                       "similarity": round(p.score, 1)} for p in self.pairs],
            # what the alignment left alone, so an auditor sees why a result was not compared
            "unaligned_results": [st(s) for s in self.statements if s.role == "result"
                                  and not any(p.result is s for p in self.pairs)],
            "unaligned_targets": [st(s) for s in self.statements if s.role == "target"
                                  and not any(p.target is s for p in self.pairs)],
            "groups": self.groups,
            "selfevals": [t.to_dict(doc) for t in self.selfevals],
            "facts": self.facts.to_dicts(doc),
            "totals": self.facts.totals_dicts(doc),
            "checked_against": self.facts.rate_bases(doc),
        }


def _selfevals(doc: Document):
    """(the 自评表 of the document, the one written as lines or None)."""
    from .selfeval import find_selfevals
    from .selfeval_prose import find_prose_selfeval, with_prose_funds

    prose_se = find_prose_selfeval(doc)  # a 自评表 written as lines: "指标值…，完成值…，分值…，得分…"
    selfevals = find_selfevals(doc)
    if prose_se is not None:
        selfevals = (*selfevals, prose_se)
    return with_prose_funds(doc, selfevals), prose_se  # a funds line written above a table of indicators


def selfevals_of(doc: Document) -> tuple:
    """The 自评表 ``extract(doc).selfevals`` holds, without the rest of the analysis (what pairing asks
    of a table file: its 项目名称)."""
    return _selfevals(doc)[0]


def extract(doc: Document) -> Extraction:
    from .facts import read_facts
    from .figures import find_grades, label_figures
    from .indicators import find_statements
    from .numbers import find_quantities

    quantities: list[Quantity] = []
    for b in doc.blocks:
        quantities.extend(find_quantities(doc.text[b.start:b.end], b.start))
    figures = label_figures(doc, quantities)
    grades = find_grades(doc, quantities)
    from .facts.periods import evaluated_year

    year = evaluated_year(doc)  # read once: the statements and the facts both use it
    from .selfeval_prose import field_lines

    selfevals, prose_se = _selfevals(doc)
    # the prose 自评表's lines of labelled fields are rows of a table, not the narrative's statements
    # of targets and results (their subject would be the field label 实际完成值)
    from .facts.prose import prose_rows

    prose = prose_rows(doc)  # read once: the statements and the facts both use it
    statements, pairs, groups = find_statements(doc, quantities, year, skip_blocks=field_lines(doc, prose_se),
                                                prose=prose)
    facts = read_facts(doc, quantities, figures, selfevals, statements, pairs, year=year, prose=prose)
    return Extraction(tuple(quantities), tuple(figures), tuple(grades), tuple(statements), tuple(pairs), groups,
                      selfevals, facts)
