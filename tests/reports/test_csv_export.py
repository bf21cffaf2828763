"""CSV export: one row per check-in, scores recomputed, and a codebook for every column."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from between.assessments.checkin import CheckIn
from between.assessments.instruments import get_instrument
from between.reports.csv_export import codebook, codebook_csv, export_csv, item_codebook


def at(day: int) -> datetime:
    return datetime(2026, 1, day, 20, 0, tzinfo=UTC)


CHECK_INS = [
    CheckIn("c2", "p1", "csi4", {"1": 4, "2": 3, "3": 3, "4": 4}, at(12)),  # 14
    CheckIn("c1", "p1", "csi4", {"1": 2, "2": 2, "3": 2, "4": 3}, at(5)),  # 9
    CheckIn("c3", "p1", "ecr_s", {str(n): 4 for n in range(1, 13)}, at(5)),
    CheckIn("c4", "p2", "ecr_s", {"1": 2}, at(6), draft=True),
]


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_rows_come_in_time_order_with_scores_bands_and_reliable_change():
    exported = {r["check_in_id"]: r for r in rows(export_csv(CHECK_INS))}
    assert list(exported) == ["c1", "c3", "c4", "c2"]
    assert (exported["c1"]["score_total"], exported["c1"]["band_total"]) == ("9", "below_cutoff")
    assert exported["c1"]["change_total"] == ""  # the baseline
    assert exported["c2"]["score_total"] == "14"
    assert exported["c2"]["change_total"] == "reliable improvement"
    assert exported["c3"]["score_anxiety"] == "4"
    assert exported["c3"]["item_12"] == "4"


def test_a_draft_keeps_its_answers_but_has_no_score():
    draft = next(r for r in rows(export_csv(CHECK_INS)) if r["check_in_id"] == "c4")
    assert draft["status"] == "draft"
    assert (draft["item_1"], draft["score_anxiety"], draft["score_avoidance"]) == ("2", "", "")


def test_the_codebook_explains_every_column_in_order():
    header = next(csv.reader(io.StringIO(export_csv(CHECK_INS))))
    entries = codebook(CHECK_INS)
    assert [e.column for e in entries] == header
    assert all(e.meaning and e.values for e in entries)
    by_column = {e.column: e for e in entries}
    assert "csi4: 0-6" in by_column["item_1"].values
    assert "13.5" in by_column["band_total"].meaning


def test_the_codebook_is_itself_a_csv():
    parsed = rows(codebook_csv(codebook(CHECK_INS)))
    assert parsed[0] == {"column": "check_in_id", "meaning": "Identifier of the check-in",
                         "values": "text"}


def test_the_item_codebook_gives_wording_labels_and_keying():
    entries = {e.column: e for e in item_codebook(["ecr_s", "csi16"])}
    ecr_s = get_instrument("ecr_s")
    assert entries["ecr_s item_1"].meaning == ecr_s.item(1).text
    assert entries["ecr_s item_1"].values.endswith("reverse-keyed")
    assert entries["csi16 item_12"].values == "0 = BAD; 1; 2; 3; 4; 5 = GOOD"


def test_an_empty_export_still_has_a_header_and_a_codebook():
    assert export_csv([]).strip() == "check_in_id,person,instrument,taken_at,status"
    assert len(codebook([])) == 5
