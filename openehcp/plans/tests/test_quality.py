"""The quality checks, one by one, on plain data (no database)."""

from openehcp.plans import quality
from openehcp.plans.quality import NeedRow, OutcomeRow, PlanContent, ProvisionRow

GOOD = ProvisionRow(
    "F1",
    "f",
    "A speech and language therapist will work with Sam on instructions.",
    who="Speech and language therapist",
    frequency="Once a week",
    duration="30 minutes a session, for a year",
    need_refs=("B1",),
    outcome_refs=("E1",),
)


def checks(findings):
    return [f.check for f in findings]


def test_quantified_provision_passes():
    assert quality.unquantified_provision([GOOD]) == []


def test_each_vague_phrase_is_flagged():
    for phrase in quality.UNQUANTIFIED_PHRASES:
        row = ProvisionRow(
            "F1", "f", f"Sam will have {phrase} a quiet room", "TA", "Daily", "1 year"
        )
        findings = quality.unquantified_provision([row])
        assert len(findings) == 1, phrase
        assert f"‘{phrase}’" in findings[0].message
        assert findings[0].ref == "F1"


def test_vague_phrases_match_whole_words_only():
    assert quality.vague_phrases("irregular spelling; set up today") == []
    assert quality.vague_phrases("Regularly, with ACCESS TO a laptop") == [
        "access to",
        "regularly",
    ]


def test_vague_frequency_is_flagged():
    row = ProvisionRow("F2", "f", "Speech therapy", "Therapist", "as required", "A year")
    [finding] = quality.unquantified_provision([row])
    assert "‘as required’" in finding.message


def test_missing_frequency_and_duration_are_flagged():
    row = ProvisionRow("G1", "g", "Physiotherapy exercises", "Physiotherapist")
    [finding] = quality.unquantified_provision([row])
    assert finding.message == "G1 does not say how often or for how long"
    assert finding.section == "g"


def test_need_without_provision():
    needs = [
        NeedRow("B1", "b", "Talking"),
        NeedRow("B2", "b", "Reading"),
        NeedRow("C1", "c", "Asthma"),
    ]
    findings = quality.needs_without_provision(needs, [GOOD])
    assert [f.ref for f in findings] == ["B2", "C1"]
    assert findings[1].section == "c"


def test_outcomes_without_provision_or_time_frame():
    outcomes = [
        OutcomeRow("E1", "Read a book", time_frame="By July 2027"),
        OutcomeRow("E2", "Make a friend"),
    ]
    assert [f.ref for f in quality.outcomes_without_provision(outcomes, [GOOD])] == ["E2"]
    assert [f.ref for f in quality.outcomes_without_time_frame(outcomes)] == ["E2"]


def test_empty_health_and_social_care_sections_need_a_reason():
    content = PlanContent(
        needs=[NeedRow("C1", "c", "Epilepsy")],
        provisions=[ProvisionRow("G1", "g", "Care plan", "Nurse", "Daily", "A year")],
        none_reasons={"d": "No social care needs were identified.", "h1": "  "},
    )
    assert [f.section for f in quality.empty_sections_without_reason(content)] == ["h1", "h2"]


def test_preparing_for_adulthood_from_year_9():
    outcome = OutcomeRow("E1", "Travel to college alone", time_frame="By July 2028")
    assert quality.preparing_for_adulthood(PlanContent(outcomes=[outcome], year_group=8)) == []
    [finding] = quality.preparing_for_adulthood(PlanContent(outcomes=[outcome], year_group=9))
    assert finding.check == "pfa_missing"
    adult = OutcomeRow("E1", "Travel alone", preparing_for_adulthood=True)
    assert quality.preparing_for_adulthood(PlanContent(outcomes=[adult], year_group=10)) == []


def test_jargon_from_the_glossary():
    glossary = {"SALT": "speech and language therapist", "differentiated": "changed to suit them"}
    texts = {
        "f": ["Weekly SALT sessions. SALT will train staff.", "Work will be Differentiated."],
        "b": ["Sam likes salt on chips."],
    }
    findings = quality.jargon(texts, glossary)
    messages = [f.message for f in findings]
    assert messages == [
        "Section F: Special educational provision uses ‘SALT’ 2 times: say ‘speech and "
        "language therapist’",
        "Section F: Special educational provision uses ‘differentiated’ once: say ‘changed to "
        "suit them’",
    ]


def test_acronyms_match_only_in_capitals_and_as_whole_words():
    glossary = {"EP": "educational psychologist", "OT": "occupational therapist"}
    texts = {"e": ["Step by step, not hot. An EP will visit; so will the OT."]}
    findings = quality.jargon(texts, glossary)
    assert [f.message.split("‘")[1].split("’")[0] for f in findings] == ["EP", "OT"]


EASY = (
    "Sam likes trains. Sam likes to draw. Sam has a dog called Max. Sam goes to the park on "
    "Sunday. Sam can swim a bit. Sam wants to be a vet. Sam is kind and funny."
)
HARD = (
    "Notwithstanding considerable multidisciplinary intervention, the individual's "
    "communicative competencies necessitate comprehensive, systematically differentiated "
    "pedagogical accommodations, incorporating augmentative methodologies and "
    "environmental modifications facilitating meaningful participation throughout "
    "curriculum-related activities, particularly regarding comprehension of "
    "linguistically complex instructional discourse."
)


def test_readability_scores_each_section_and_flags_hard_ones():
    scores = {s.section: s for s in quality.readability({"a": [EASY], "f": [HARD], "k": ["Short"]})}
    assert scores["a"].reading_ease > 80
    assert not scores["a"].hard_to_read
    assert scores["a"].band in {"Very easy to read", "Easy to read"}
    assert scores["a"].reading_age < 12
    assert scores["f"].reading_ease < quality.READING_EASE_THRESHOLD
    assert scores["f"].hard_to_read
    assert scores["k"].reading_ease is None and scores["k"].band == "Too short to score"
    [finding] = quality.hard_to_read(list(scores.values()))
    assert finding.section == "f" and finding.check == "hard_to_read"


def test_rows_without_full_stops_read_as_separate_sentences():
    rows = ["Sam likes trains", "Sam has a dog", "Sam can swim", "Sam is kind"] * 3
    [score] = quality.readability({"b": rows})
    assert score.reading_ease > 80


def test_band_follows_the_flesch_scale():
    assert quality.band(95) == "Very easy to read"
    assert quality.band(65) == "Plain English"
    assert quality.band(10) == "Very hard to read"


def test_check_plan_groups_findings_in_panel_order():
    content = PlanContent(
        texts={"f": ["Access to a TA as needed"]},
        needs=[NeedRow("B1", "b", "Talking")],
        provisions=[ProvisionRow("F1", "f", "Access to a TA as needed")],
    )
    report = quality.check_plan(content, {"TA": "teaching assistant"})
    assert [check for check, _heading, _found in report.groups] == [
        "empty_without_reason",
        "unquantified",
        "need_without_provision",
        "jargon",
    ]


def test_missing_sections_block_issue():
    content = PlanContent()
    assert [f.section for f in quality.missing_sections(content)] == [
        "a",
        "b",
        "e",
        "f",
        "i",
        "c",
        "d",
        "g",
        "h1",
        "h2",
    ]
    complete = PlanContent(
        texts={"a": ["I like trains"]},
        needs=[NeedRow("B1", "b", "Talking")],
        outcomes=[OutcomeRow("E1", "Talk")],
        provisions=[GOOD],
        none_reasons={code: "None identified" for code in ("c", "d", "g", "h1", "h2")},
        has_placement=True,
    )
    assert quality.missing_sections(complete) == []
