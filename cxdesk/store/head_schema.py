# ruff: noqa: E501
"""The schema every new workspace starts with: what the migrations leave behind.

Written by ``uv run python -m tests.head_schema_source`` from a database built by
every migration; do not edit it by hand. tests/test_head_schema.py makes a database
each way and checks they are the same, and that this is the head revision's.
"""

from __future__ import annotations

REVISION = "0015_toolkit_language"

# sqlite_master's statements in the migrations' order, then the rows they wrote: the
# revision stamp, the change counter, SQLite's AUTOINCREMENT counters.
STATEMENTS: tuple[str, ...] = (
    (
        "CREATE TABLE alembic_version (\n"
        "\tversion_num VARCHAR(32) NOT NULL, \n"
        "\tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n"
        ")"
    ),
    (
        "CREATE TABLE client (\n"
        "\tid INTEGER NOT NULL, \n"
        "\tname VARCHAR(200) NOT NULL, \n"
        "\tnotes TEXT DEFAULT '' NOT NULL, \n"
        "\tcreated_at DATETIME NOT NULL, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\tCONSTRAINT pk_client PRIMARY KEY (id), \n"
        "\tCONSTRAINT ck_client_name_not_blank CHECK (length(trim(name)) > 0)\n"
        ")"
    ),
    (
        "CREATE TABLE engagement (\n"
        "\tid INTEGER NOT NULL, \n"
        "\tclient_id INTEGER NOT NULL, \n"
        "\tname VARCHAR(200) NOT NULL, \n"
        "\tjourney_phase VARCHAR(32) DEFAULT 'marketing_sales' NOT NULL, \n"
        "\tstart_date DATE, \n"
        "\tcreated_at DATETIME NOT NULL, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, toolkit_language VARCHAR(8) CONSTRAINT ck_engagement_toolkit_language_known CHECK (toolkit_language IN ('en', 'de', 'fr', 'es', 'nl', 'pt', 'pl')), \n"
        "\tCONSTRAINT pk_engagement PRIMARY KEY (id), \n"
        "\tCONSTRAINT ck_engagement_journey_phase_known CHECK (journey_phase IN ('marketing_sales', 'implementation', 'support_success')), \n"
        "\tCONSTRAINT ck_engagement_name_not_blank CHECK (length(trim(name)) > 0), \n"
        "\tCONSTRAINT fk_engagement_client_id_client FOREIGN KEY(client_id) REFERENCES client (id) ON DELETE CASCADE\n"
        ")"
    ),
    "CREATE INDEX ix_engagement_client_id ON engagement (client_id)",
    (
        "CREATE TABLE expectation_item (\n"
        "\tid INTEGER NOT NULL, \n"
        "\tengagement_id INTEGER NOT NULL, \n"
        "\tposition INTEGER NOT NULL, \n"
        "\texpects TEXT DEFAULT '' NOT NULL, \n"
        "\tneeds TEXT DEFAULT '' NOT NULL, \n"
        "\tplanned TEXT DEFAULT '' NOT NULL, \n"
        "\tdelivered TEXT DEFAULT '' NOT NULL, \n"
        "\texperienced TEXT DEFAULT '' NOT NULL, \n"
        "\texpected_level INTEGER, \n"
        "\tdelivered_level INTEGER, \n"
        "\texperienced_level INTEGER, \n"
        "\tsacrifice TEXT DEFAULT '' NOT NULL, \n"
        "\tsacrifice_level INTEGER, \n"
        "\tstatus VARCHAR(16) DEFAULT 'open' NOT NULL, \n"
        "\towner VARCHAR(200) DEFAULT '' NOT NULL, \n"
        "\tnotes TEXT DEFAULT '' NOT NULL, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\tCONSTRAINT pk_expectation_item PRIMARY KEY (id), \n"
        "\tCONSTRAINT ck_expectation_item_status_known CHECK (status IN ('open', 'on_track', 'at_risk', 'met', 'missed')), \n"
        "\tCONSTRAINT ck_expectation_item_delivered_level_range CHECK (delivered_level IS NULL OR (delivered_level = CAST(delivered_level AS INTEGER) AND delivered_level BETWEEN 1 AND 5)), \n"
        "\tCONSTRAINT ck_expectation_item_expected_level_range CHECK (expected_level IS NULL OR (expected_level = CAST(expected_level AS INTEGER) AND expected_level BETWEEN 1 AND 5)), \n"
        "\tCONSTRAINT ck_expectation_item_experienced_level_range CHECK (experienced_level IS NULL OR (experienced_level = CAST(experienced_level AS INTEGER) AND experienced_level BETWEEN 1 AND 5)), \n"
        "\tCONSTRAINT ck_expectation_item_sacrifice_level_range CHECK (sacrifice_level IS NULL OR (sacrifice_level = CAST(sacrifice_level AS INTEGER) AND sacrifice_level BETWEEN 0 AND 4)), \n"
        "\tCONSTRAINT fk_expectation_item_engagement_id_engagement FOREIGN KEY(engagement_id) REFERENCES engagement (id) ON DELETE CASCADE\n"
        ")"
    ),
    "CREATE INDEX ix_expectation_item_engagement_id ON expectation_item (engagement_id)",
    (
        "CREATE TABLE milestone (\n"
        "\tid INTEGER NOT NULL, \n"
        "\tengagement_id INTEGER NOT NULL, \n"
        "\tposition INTEGER NOT NULL, \n"
        "\tname VARCHAR(200) NOT NULL, \n"
        "\tdue_date DATE, \n"
        "\trevalidated_at DATETIME, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\tCONSTRAINT pk_milestone PRIMARY KEY (id), \n"
        "\tCONSTRAINT ck_milestone_name_not_blank CHECK (length(trim(name)) > 0), \n"
        "\tCONSTRAINT fk_milestone_engagement_id_engagement FOREIGN KEY(engagement_id) REFERENCES engagement (id) ON DELETE CASCADE\n"
        ")"
    ),
    "CREATE INDEX ix_milestone_engagement_id ON milestone (engagement_id)",
    (
        "CREATE TABLE expectation_snapshot (\n"
        "\tid INTEGER NOT NULL, \n"
        "\tmilestone_id INTEGER NOT NULL, \n"
        "\titem_id INTEGER NOT NULL, \n"
        "\texpected_level INTEGER, \n"
        "\tdelivered_level INTEGER, \n"
        "\texperienced_level INTEGER, \n"
        "\ttaken_at DATETIME NOT NULL, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\tCONSTRAINT pk_expectation_snapshot PRIMARY KEY (id), \n"
        "\tCONSTRAINT ck_expectation_snapshot_delivered_level_range CHECK (delivered_level IS NULL OR (delivered_level = CAST(delivered_level AS INTEGER) AND delivered_level BETWEEN 1 AND 5)), \n"
        "\tCONSTRAINT ck_expectation_snapshot_expected_level_range CHECK (expected_level IS NULL OR (expected_level = CAST(expected_level AS INTEGER) AND expected_level BETWEEN 1 AND 5)), \n"
        "\tCONSTRAINT ck_expectation_snapshot_experienced_level_range CHECK (experienced_level IS NULL OR (experienced_level = CAST(experienced_level AS INTEGER) AND experienced_level BETWEEN 1 AND 5)), \n"
        "\tCONSTRAINT fk_expectation_snapshot_item_id_expectation_item FOREIGN KEY(item_id) REFERENCES expectation_item (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT fk_expectation_snapshot_milestone_id_milestone FOREIGN KEY(milestone_id) REFERENCES milestone (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT uq_expectation_snapshot_milestone_id_item_id UNIQUE (milestone_id, item_id)\n"
        ")"
    ),
    "CREATE INDEX ix_expectation_snapshot_item_id ON expectation_snapshot (item_id)",
    "CREATE INDEX ix_expectation_snapshot_milestone_id ON expectation_snapshot (milestone_id)",
    (
        "CREATE TABLE quadrant_override (\n"
        "\tid INTEGER NOT NULL, \n"
        "\tengagement_id INTEGER NOT NULL, \n"
        "\tmilestone_id INTEGER, \n"
        "\taxis VARCHAR(16) NOT NULL, \n"
        "\tscore FLOAT NOT NULL, \n"
        "\treason TEXT NOT NULL, \n"
        "\tcreated_at DATETIME NOT NULL, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\tCONSTRAINT pk_quadrant_override PRIMARY KEY (id), \n"
        "\tCONSTRAINT ck_quadrant_override_axis_known CHECK (axis IN ('value', 'experience')), \n"
        "\tCONSTRAINT ck_quadrant_override_reason_not_blank CHECK (length(trim(reason)) > 0), \n"
        "\tCONSTRAINT ck_quadrant_override_score_range CHECK (score BETWEEN 0.0 AND 10.0), \n"
        "\tCONSTRAINT fk_quadrant_override_engagement_id_engagement FOREIGN KEY(engagement_id) REFERENCES engagement (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT fk_quadrant_override_milestone_id_milestone FOREIGN KEY(milestone_id) REFERENCES milestone (id) ON DELETE CASCADE\n"
        ")"
    ),
    "CREATE INDEX ix_quadrant_override_engagement_id ON quadrant_override (engagement_id)",
    "CREATE INDEX ix_quadrant_override_milestone_id ON quadrant_override (milestone_id)",
    (
        "CREATE TABLE rater_assessment (\n"
        "\tid INTEGER NOT NULL, \n"
        "\tengagement_id INTEGER NOT NULL, \n"
        "\tmilestone_id INTEGER, \n"
        "\ttitle VARCHAR(200) NOT NULL, \n"
        "\theld_on DATE, \n"
        "\tscoring VARCHAR(16) DEFAULT 'dimensions' NOT NULL, \n"
        "\tnotes TEXT DEFAULT '' NOT NULL, \n"
        "\tcreated_at DATETIME NOT NULL, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\tCONSTRAINT pk_rater_assessment PRIMARY KEY (id), \n"
        "\tCONSTRAINT ck_rater_assessment_scoring_known CHECK (scoring IN ('dimensions', 'statements')), \n"
        "\tCONSTRAINT ck_rater_assessment_title_not_blank CHECK (length(trim(title)) > 0), \n"
        "\tCONSTRAINT fk_rater_assessment_engagement_id_engagement FOREIGN KEY(engagement_id) REFERENCES engagement (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT fk_rater_assessment_milestone_id_milestone FOREIGN KEY(milestone_id) REFERENCES milestone (id) ON DELETE SET NULL\n"
        ")"
    ),
    "CREATE INDEX ix_rater_assessment_engagement_id ON rater_assessment (engagement_id)",
    "CREATE INDEX ix_rater_assessment_milestone_id ON rater_assessment (milestone_id)",
    (
        "CREATE TABLE rater_statement_score (\n"
        "\tid INTEGER NOT NULL, \n"
        "\trespondent_id INTEGER NOT NULL, \n"
        "\tstatement_id INTEGER NOT NULL, \n"
        "\texpectation INTEGER, \n"
        "\tperception INTEGER, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\tCONSTRAINT pk_rater_statement_score PRIMARY KEY (id), \n"
        "\tCONSTRAINT ck_rater_statement_score_expectation_range CHECK (expectation IS NULL OR (expectation = CAST(expectation AS INTEGER) AND expectation BETWEEN 1 AND 7)), \n"
        "\tCONSTRAINT ck_rater_statement_score_perception_range CHECK (perception IS NULL OR (perception = CAST(perception AS INTEGER) AND perception BETWEEN 1 AND 7)), \n"
        "\tCONSTRAINT fk_rater_statement_score_respondent_id_rater_respondent FOREIGN KEY(respondent_id) REFERENCES rater_respondent (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT fk_rater_statement_score_statement_id_rater_statement FOREIGN KEY(statement_id) REFERENCES rater_statement (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT uq_rater_statement_score_respondent_id_statement_id UNIQUE (respondent_id, statement_id)\n"
        ")"
    ),
    "CREATE INDEX ix_rater_statement_score_respondent_id ON rater_statement_score (respondent_id)",
    "CREATE INDEX ix_rater_statement_score_statement_id ON rater_statement_score (statement_id)",
    (
        "CREATE TABLE quiz (\n"
        "\tid INTEGER NOT NULL, \n"
        "\ttitle VARCHAR(200) NOT NULL, \n"
        "\tscale_min INTEGER NOT NULL, \n"
        "\tscale_max INTEGER NOT NULL, \n"
        "\tbuilt_in BOOLEAN DEFAULT '0' NOT NULL, \n"
        "\tcopied_from_id INTEGER, \n"
        "\tcreated_at DATETIME NOT NULL, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\tCONSTRAINT pk_quiz PRIMARY KEY (id), \n"
        "\tCONSTRAINT ck_quiz_title_not_blank CHECK (length(trim(title)) > 0), \n"
        "\tCONSTRAINT ck_quiz_scale_range CHECK (scale_min = CAST(scale_min AS INTEGER) AND scale_max = CAST(scale_max AS INTEGER) AND 0 <= scale_min AND scale_min < scale_max AND scale_max <= 10), \n"
        "\tCONSTRAINT fk_quiz_copied_from_id_quiz FOREIGN KEY(copied_from_id) REFERENCES quiz (id) ON DELETE SET NULL\n"
        ")"
    ),
    "CREATE INDEX ix_quiz_copied_from_id ON quiz (copied_from_id)",
    (
        "CREATE TABLE quiz_band (\n"
        "\tid INTEGER NOT NULL, \n"
        "\tquiz_id INTEGER NOT NULL, \n"
        "\tlow INTEGER NOT NULL, \n"
        "\thigh INTEGER NOT NULL, \n"
        "\tlabel VARCHAR(200) NOT NULL, \n"
        "\tadvice TEXT DEFAULT '' NOT NULL, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\tCONSTRAINT pk_quiz_band PRIMARY KEY (id), \n"
        "\tCONSTRAINT ck_quiz_band_label_not_blank CHECK (length(trim(label)) > 0), \n"
        "\tCONSTRAINT ck_quiz_band_band_range CHECK (low <= high), \n"
        "\tCONSTRAINT fk_quiz_band_quiz_id_quiz FOREIGN KEY(quiz_id) REFERENCES quiz (id) ON DELETE CASCADE\n"
        ")"
    ),
    "CREATE INDEX ix_quiz_band_quiz_id ON quiz_band (quiz_id)",
    (
        "CREATE TABLE quiz_statement (\n"
        "\tid INTEGER NOT NULL, \n"
        "\tquiz_id INTEGER NOT NULL, \n"
        "\tposition INTEGER NOT NULL, \n"
        "\ttext TEXT NOT NULL, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\tCONSTRAINT pk_quiz_statement PRIMARY KEY (id), \n"
        "\tCONSTRAINT ck_quiz_statement_text_not_blank CHECK (length(trim(text)) > 0), \n"
        "\tCONSTRAINT fk_quiz_statement_quiz_id_quiz FOREIGN KEY(quiz_id) REFERENCES quiz (id) ON DELETE CASCADE\n"
        ")"
    ),
    "CREATE INDEX ix_quiz_statement_quiz_id ON quiz_statement (quiz_id)",
    (
        'CREATE TABLE "workshop_session" (\n'
        "\tid INTEGER NOT NULL CONSTRAINT pk_workshop_session PRIMARY KEY AUTOINCREMENT, \n"
        "\tquiz_id INTEGER NOT NULL, \n"
        "\tengagement_id INTEGER, \n"
        "\ttitle VARCHAR(200) NOT NULL, \n"
        "\theld_on DATE NOT NULL, \n"
        "\tmode VARCHAR(8) NOT NULL, \n"
        "\tparticipant_count INTEGER DEFAULT '0' NOT NULL, \n"
        "\trevealed BOOLEAN DEFAULT '0' NOT NULL, \n"
        "\tcreated_at DATETIME NOT NULL, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\t\n"
        "\tCONSTRAINT ck_workshop_session_mode_known CHECK (mode IN ('laptop', 'hands', 'phones')), \n"
        "\tCONSTRAINT ck_workshop_session_title_not_blank CHECK (length(trim(title)) > 0), \n"
        "\tCONSTRAINT ck_workshop_session_participant_count_range CHECK (participant_count IS NULL OR (participant_count = CAST(participant_count AS INTEGER) AND participant_count BETWEEN 0 AND 10000)), \n"
        "\tCONSTRAINT fk_workshop_session_engagement_id_engagement FOREIGN KEY(engagement_id) REFERENCES engagement (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT fk_workshop_session_quiz_id_quiz FOREIGN KEY(quiz_id) REFERENCES quiz (id) ON DELETE RESTRICT\n"
        ")"
    ),
    "CREATE INDEX ix_workshop_session_engagement_id ON workshop_session (engagement_id)",
    "CREATE INDEX ix_workshop_session_quiz_id ON workshop_session (quiz_id)",
    (
        'CREATE TABLE "workshop_participant" (\n'
        "\tid INTEGER NOT NULL CONSTRAINT pk_workshop_participant PRIMARY KEY AUTOINCREMENT, \n"
        "\tsession_id INTEGER NOT NULL, \n"
        "\tposition INTEGER NOT NULL, \n"
        "\tname VARCHAR(200) DEFAULT '' NOT NULL, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\t\n"
        "\tCONSTRAINT fk_workshop_participant_session_id_workshop_session FOREIGN KEY(session_id) REFERENCES workshop_session (id) ON DELETE CASCADE\n"
        ")"
    ),
    "CREATE INDEX ix_workshop_participant_session_id ON workshop_participant (session_id)",
    (
        'CREATE TABLE "quiz_answer" (\n'
        "\tid INTEGER NOT NULL CONSTRAINT pk_quiz_answer PRIMARY KEY AUTOINCREMENT, \n"
        "\tparticipant_id INTEGER NOT NULL, \n"
        "\tstatement_id INTEGER NOT NULL, \n"
        "\tscore INTEGER NOT NULL, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\t\n"
        "\tCONSTRAINT ck_quiz_answer_score_range CHECK (score IS NULL OR (score = CAST(score AS INTEGER) AND score BETWEEN 0 AND 10)), \n"
        "\tCONSTRAINT fk_quiz_answer_participant_id_workshop_participant FOREIGN KEY(participant_id) REFERENCES workshop_participant (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT fk_quiz_answer_statement_id_quiz_statement FOREIGN KEY(statement_id) REFERENCES quiz_statement (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT uq_quiz_answer_participant_id_statement_id UNIQUE (participant_id, statement_id)\n"
        ")"
    ),
    "CREATE INDEX ix_quiz_answer_participant_id ON quiz_answer (participant_id)",
    "CREATE INDEX ix_quiz_answer_statement_id ON quiz_answer (statement_id)",
    (
        'CREATE TABLE "hands_tally" (\n'
        "\tid INTEGER NOT NULL CONSTRAINT pk_hands_tally PRIMARY KEY AUTOINCREMENT, \n"
        "\tsession_id INTEGER NOT NULL, \n"
        "\tstatement_id INTEGER NOT NULL, \n"
        "\tscore INTEGER NOT NULL, \n"
        "\tcount INTEGER NOT NULL, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\t\n"
        "\tCONSTRAINT ck_hands_tally_count_range CHECK (count IS NULL OR (count = CAST(count AS INTEGER) AND count BETWEEN 0 AND 10000)), \n"
        "\tCONSTRAINT ck_hands_tally_score_range CHECK (score IS NULL OR (score = CAST(score AS INTEGER) AND score BETWEEN 0 AND 10)), \n"
        "\tCONSTRAINT fk_hands_tally_session_id_workshop_session FOREIGN KEY(session_id) REFERENCES workshop_session (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT fk_hands_tally_statement_id_quiz_statement FOREIGN KEY(statement_id) REFERENCES quiz_statement (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT uq_hands_tally_session_id_statement_id_score UNIQUE (session_id, statement_id, score)\n"
        ")"
    ),
    "CREATE INDEX ix_hands_tally_session_id ON hands_tally (session_id)",
    "CREATE INDEX ix_hands_tally_statement_id ON hands_tally (statement_id)",
    (
        "CREATE TRIGGER hands_tally_within_scale_on_insert BEFORE INSERT ON hands_tally FOR EACH ROW BEGIN \n"
        "    SELECT RAISE(ABORT, 'score_range: outside the quiz scale') WHERE EXISTS (\n"
        "        SELECT 1 FROM workshop_session s\n"
        "        JOIN quiz q ON q.id = s.quiz_id\n"
        "        WHERE s.id = NEW.session_id AND NEW.score NOT BETWEEN q.scale_min AND q.scale_max\n"
        "    );\n"
        "    SELECT RAISE(ABORT, 'quiz_mismatch: the statement belongs to another quiz') WHERE EXISTS (\n"
        "        SELECT 1 FROM workshop_session s\n"
        "        JOIN quiz_statement st ON st.id = NEW.statement_id\n"
        "        WHERE s.id = NEW.session_id AND st.quiz_id <> s.quiz_id\n"
        "    );\n"
        " END"
    ),
    (
        "CREATE TRIGGER hands_tally_within_scale_on_update BEFORE UPDATE ON hands_tally FOR EACH ROW BEGIN \n"
        "    SELECT RAISE(ABORT, 'score_range: outside the quiz scale') WHERE EXISTS (\n"
        "        SELECT 1 FROM workshop_session s\n"
        "        JOIN quiz q ON q.id = s.quiz_id\n"
        "        WHERE s.id = NEW.session_id AND NEW.score NOT BETWEEN q.scale_min AND q.scale_max\n"
        "    );\n"
        "    SELECT RAISE(ABORT, 'quiz_mismatch: the statement belongs to another quiz') WHERE EXISTS (\n"
        "        SELECT 1 FROM workshop_session s\n"
        "        JOIN quiz_statement st ON st.id = NEW.statement_id\n"
        "        WHERE s.id = NEW.session_id AND st.quiz_id <> s.quiz_id\n"
        "    );\n"
        " END"
    ),
    (
        "CREATE TRIGGER quiz_answer_within_scale_on_insert BEFORE INSERT ON quiz_answer FOR EACH ROW BEGIN \n"
        "    SELECT RAISE(ABORT, 'score_range: outside the quiz scale') WHERE EXISTS (\n"
        "        SELECT 1 FROM workshop_participant p\n"
        "        JOIN workshop_session s ON s.id = p.session_id\n"
        "        JOIN quiz q ON q.id = s.quiz_id\n"
        "        WHERE p.id = NEW.participant_id AND NEW.score NOT BETWEEN q.scale_min AND q.scale_max\n"
        "    );\n"
        "    SELECT RAISE(ABORT, 'quiz_mismatch: the statement belongs to another quiz') WHERE EXISTS (\n"
        "        SELECT 1 FROM workshop_participant p\n"
        "        JOIN workshop_session s ON s.id = p.session_id\n"
        "        JOIN quiz_statement st ON st.id = NEW.statement_id\n"
        "        WHERE p.id = NEW.participant_id AND st.quiz_id <> s.quiz_id\n"
        "    );\n"
        " END"
    ),
    (
        "CREATE TRIGGER quiz_answer_within_scale_on_update BEFORE UPDATE ON quiz_answer FOR EACH ROW BEGIN \n"
        "    SELECT RAISE(ABORT, 'score_range: outside the quiz scale') WHERE EXISTS (\n"
        "        SELECT 1 FROM workshop_participant p\n"
        "        JOIN workshop_session s ON s.id = p.session_id\n"
        "        JOIN quiz q ON q.id = s.quiz_id\n"
        "        WHERE p.id = NEW.participant_id AND NEW.score NOT BETWEEN q.scale_min AND q.scale_max\n"
        "    );\n"
        "    SELECT RAISE(ABORT, 'quiz_mismatch: the statement belongs to another quiz') WHERE EXISTS (\n"
        "        SELECT 1 FROM workshop_participant p\n"
        "        JOIN workshop_session s ON s.id = p.session_id\n"
        "        JOIN quiz_statement st ON st.id = NEW.statement_id\n"
        "        WHERE p.id = NEW.participant_id AND st.quiz_id <> s.quiz_id\n"
        "    );\n"
        " END"
    ),
    (
        "CREATE TABLE map_phase (\n"
        "\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n"
        "\tengagement_id INTEGER NOT NULL, \n"
        "\tposition INTEGER NOT NULL, \n"
        "\tname VARCHAR(200) NOT NULL, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\tCONSTRAINT ck_map_phase_name_not_blank CHECK (length(trim(name)) > 0), \n"
        "\tCONSTRAINT ck_map_phase_position_range CHECK (position = CAST(position AS INTEGER) AND position >= 0), \n"
        "\tCONSTRAINT fk_map_phase_engagement_id_engagement FOREIGN KEY(engagement_id) REFERENCES engagement (id) ON DELETE CASCADE\n"
        ")"
    ),
    "CREATE INDEX ix_map_phase_engagement_id ON map_phase (engagement_id)",
    (
        "CREATE TABLE stakeholder (\n"
        "\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n"
        "\tengagement_id INTEGER NOT NULL, \n"
        "\tposition INTEGER NOT NULL, \n"
        "\tname VARCHAR(200) NOT NULL, \n"
        "\trole VARCHAR(200) DEFAULT '' NOT NULL, \n"
        "\tinfluence VARCHAR(16) DEFAULT 'medium' NOT NULL, \n"
        "\tnotes TEXT DEFAULT '' NOT NULL, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\tCONSTRAINT ck_stakeholder_influence_known CHECK (influence IN ('low', 'medium', 'high')), \n"
        "\tCONSTRAINT ck_stakeholder_name_not_blank CHECK (length(trim(name)) > 0), \n"
        "\tCONSTRAINT ck_stakeholder_position_range CHECK (position = CAST(position AS INTEGER) AND position >= 0), \n"
        "\tCONSTRAINT fk_stakeholder_engagement_id_engagement FOREIGN KEY(engagement_id) REFERENCES engagement (id) ON DELETE CASCADE\n"
        ")"
    ),
    "CREATE INDEX ix_stakeholder_engagement_id ON stakeholder (engagement_id)",
    (
        "CREATE TABLE emotion_revisit (\n"
        "\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n"
        "\tmilestone_id INTEGER NOT NULL, \n"
        "\ttaken_at DATETIME NOT NULL, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\tCONSTRAINT fk_emotion_revisit_milestone_id_milestone FOREIGN KEY(milestone_id) REFERENCES milestone (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT uq_emotion_revisit_milestone_id UNIQUE (milestone_id)\n"
        ")"
    ),
    (
        "CREATE TABLE handoff_item (\n"
        "\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n"
        "\tphase_id INTEGER NOT NULL, \n"
        "\tposition INTEGER NOT NULL, \n"
        "\ttext TEXT NOT NULL, \n"
        "\tdone INTEGER DEFAULT '0' NOT NULL, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\tCONSTRAINT ck_handoff_item_done_flag CHECK (done IN (0, 1)), \n"
        "\tCONSTRAINT ck_handoff_item_text_not_blank CHECK (length(trim(text)) > 0), \n"
        "\tCONSTRAINT ck_handoff_item_position_range CHECK (position = CAST(position AS INTEGER) AND position >= 0), \n"
        "\tCONSTRAINT fk_handoff_item_phase_id_map_phase FOREIGN KEY(phase_id) REFERENCES map_phase (id) ON DELETE CASCADE\n"
        ")"
    ),
    "CREATE INDEX ix_handoff_item_phase_id ON handoff_item (phase_id)",
    (
        "CREATE TABLE touchpoint (\n"
        "\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n"
        "\tphase_id INTEGER NOT NULL, \n"
        "\tposition INTEGER NOT NULL, \n"
        "\tname VARCHAR(200) NOT NULL, \n"
        "\tchannel TEXT DEFAULT '' NOT NULL, \n"
        "\tsees_does TEXT DEFAULT '' NOT NULL, \n"
        "\tthinks_feels TEXT DEFAULT '' NOT NULL, \n"
        "\tneeds TEXT DEFAULT '' NOT NULL, \n"
        "\temotion INTEGER, \n"
        "\tpain_points TEXT DEFAULT '' NOT NULL, \n"
        "\topportunities TEXT DEFAULT '' NOT NULL, \n"
        "\towner_team TEXT DEFAULT '' NOT NULL, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\tCONSTRAINT ck_touchpoint_emotion_range CHECK (emotion IS NULL OR (emotion = CAST(emotion AS INTEGER) AND emotion BETWEEN -3 AND 3)), \n"
        "\tCONSTRAINT ck_touchpoint_name_not_blank CHECK (length(trim(name)) > 0), \n"
        "\tCONSTRAINT ck_touchpoint_position_range CHECK (position = CAST(position AS INTEGER) AND position >= 0), \n"
        "\tCONSTRAINT fk_touchpoint_phase_id_map_phase FOREIGN KEY(phase_id) REFERENCES map_phase (id) ON DELETE CASCADE\n"
        ")"
    ),
    "CREATE INDEX ix_touchpoint_phase_id ON touchpoint (phase_id)",
    (
        "CREATE TABLE emotion_snapshot (\n"
        "\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n"
        "\trevisit_id INTEGER NOT NULL, \n"
        "\ttouchpoint_id INTEGER NOT NULL, \n"
        "\temotion INTEGER NOT NULL, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\tCONSTRAINT ck_emotion_snapshot_emotion_range CHECK (emotion IS NULL OR (emotion = CAST(emotion AS INTEGER) AND emotion BETWEEN -3 AND 3)), \n"
        "\tCONSTRAINT fk_emotion_snapshot_revisit_id_emotion_revisit FOREIGN KEY(revisit_id) REFERENCES emotion_revisit (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT fk_emotion_snapshot_touchpoint_id_touchpoint FOREIGN KEY(touchpoint_id) REFERENCES touchpoint (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT uq_emotion_snapshot_revisit_id_touchpoint_id UNIQUE (revisit_id, touchpoint_id)\n"
        ")"
    ),
    "CREATE INDEX ix_emotion_snapshot_revisit_id ON emotion_snapshot (revisit_id)",
    "CREATE INDEX ix_emotion_snapshot_touchpoint_id ON emotion_snapshot (touchpoint_id)",
    (
        "CREATE TABLE stakeholder_emotion (\n"
        "\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n"
        "\ttouchpoint_id INTEGER NOT NULL, \n"
        "\tstakeholder_id INTEGER NOT NULL, \n"
        "\temotion INTEGER NOT NULL, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\tCONSTRAINT ck_stakeholder_emotion_emotion_range CHECK (emotion IS NULL OR (emotion = CAST(emotion AS INTEGER) AND emotion BETWEEN -3 AND 3)), \n"
        "\tCONSTRAINT fk_stakeholder_emotion_stakeholder_id_stakeholder FOREIGN KEY(stakeholder_id) REFERENCES stakeholder (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT fk_stakeholder_emotion_touchpoint_id_touchpoint FOREIGN KEY(touchpoint_id) REFERENCES touchpoint (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT uq_stakeholder_emotion_touchpoint_id_stakeholder_id UNIQUE (touchpoint_id, stakeholder_id)\n"
        ")"
    ),
    "CREATE INDEX ix_stakeholder_emotion_stakeholder_id ON stakeholder_emotion (stakeholder_id)",
    "CREATE INDEX ix_stakeholder_emotion_touchpoint_id ON stakeholder_emotion (touchpoint_id)",
    (
        "CREATE TABLE stakeholder_emotion_snapshot (\n"
        "\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n"
        "\trevisit_id INTEGER NOT NULL, \n"
        "\ttouchpoint_id INTEGER NOT NULL, \n"
        "\tstakeholder_id INTEGER NOT NULL, \n"
        "\temotion INTEGER NOT NULL, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\tCONSTRAINT ck_stakeholder_emotion_snapshot_emotion_range CHECK (emotion IS NULL OR (emotion = CAST(emotion AS INTEGER) AND emotion BETWEEN -3 AND 3)), \n"
        "\tCONSTRAINT fk_stakeholder_emotion_snapshot_revisit_id_emotion_revisit FOREIGN KEY(revisit_id) REFERENCES emotion_revisit (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT fk_stakeholder_emotion_snapshot_stakeholder_id_stakeholder FOREIGN KEY(stakeholder_id) REFERENCES stakeholder (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT fk_stakeholder_emotion_snapshot_touchpoint_id_touchpoint FOREIGN KEY(touchpoint_id) REFERENCES touchpoint (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT uq_stakeholder_emotion_snapshot_revisit_id_touchpoint_id_stakeholder_id UNIQUE (revisit_id, touchpoint_id, stakeholder_id)\n"
        ")"
    ),
    "CREATE INDEX ix_stakeholder_emotion_snapshot_revisit_id ON stakeholder_emotion_snapshot (revisit_id)",
    "CREATE INDEX ix_stakeholder_emotion_snapshot_stakeholder_id ON stakeholder_emotion_snapshot (stakeholder_id)",
    "CREATE INDEX ix_stakeholder_emotion_snapshot_touchpoint_id ON stakeholder_emotion_snapshot (touchpoint_id)",
    "CREATE TRIGGER stakeholder_emotion_same_engagement_on_insert BEFORE INSERT ON stakeholder_emotion FOR EACH ROW WHEN (SELECT p.engagement_id FROM touchpoint t JOIN map_phase p ON p.id = t.phase_id WHERE t.id = NEW.touchpoint_id) <> (SELECT engagement_id FROM stakeholder WHERE id = NEW.stakeholder_id) BEGIN SELECT RAISE(ABORT, 'stakeholder_mismatch: the stakeholder belongs to another engagement'); END",
    "CREATE TRIGGER stakeholder_emotion_same_engagement_on_update BEFORE UPDATE OF touchpoint_id, stakeholder_id ON stakeholder_emotion FOR EACH ROW WHEN (SELECT p.engagement_id FROM touchpoint t JOIN map_phase p ON p.id = t.phase_id WHERE t.id = NEW.touchpoint_id) <> (SELECT engagement_id FROM stakeholder WHERE id = NEW.stakeholder_id) BEGIN SELECT RAISE(ABORT, 'stakeholder_mismatch: the stakeholder belongs to another engagement'); END",
    "CREATE TRIGGER emotion_snapshot_same_engagement_on_insert BEFORE INSERT ON emotion_snapshot FOR EACH ROW WHEN (SELECT p.engagement_id FROM touchpoint t JOIN map_phase p ON p.id = t.phase_id WHERE t.id = NEW.touchpoint_id) <> (SELECT m.engagement_id FROM emotion_revisit r JOIN milestone m ON m.id = r.milestone_id WHERE r.id = NEW.revisit_id) BEGIN SELECT RAISE(ABORT, 'map_mismatch: the row belongs to the map of another engagement'); END",
    "CREATE TRIGGER emotion_snapshot_same_engagement_on_update BEFORE UPDATE OF revisit_id, touchpoint_id ON emotion_snapshot FOR EACH ROW WHEN (SELECT p.engagement_id FROM touchpoint t JOIN map_phase p ON p.id = t.phase_id WHERE t.id = NEW.touchpoint_id) <> (SELECT m.engagement_id FROM emotion_revisit r JOIN milestone m ON m.id = r.milestone_id WHERE r.id = NEW.revisit_id) BEGIN SELECT RAISE(ABORT, 'map_mismatch: the row belongs to the map of another engagement'); END",
    "CREATE TRIGGER stakeholder_emotion_snapshot_same_engagement_on_insert BEFORE INSERT ON stakeholder_emotion_snapshot FOR EACH ROW WHEN (SELECT p.engagement_id FROM touchpoint t JOIN map_phase p ON p.id = t.phase_id WHERE t.id = NEW.touchpoint_id) <> (SELECT m.engagement_id FROM emotion_revisit r JOIN milestone m ON m.id = r.milestone_id WHERE r.id = NEW.revisit_id) OR (SELECT engagement_id FROM stakeholder WHERE id = NEW.stakeholder_id) <> (SELECT m.engagement_id FROM emotion_revisit r JOIN milestone m ON m.id = r.milestone_id WHERE r.id = NEW.revisit_id) BEGIN SELECT RAISE(ABORT, 'map_mismatch: the row belongs to the map of another engagement'); END",
    "CREATE TRIGGER stakeholder_emotion_snapshot_same_engagement_on_update BEFORE UPDATE OF revisit_id, touchpoint_id, stakeholder_id ON stakeholder_emotion_snapshot FOR EACH ROW WHEN (SELECT p.engagement_id FROM touchpoint t JOIN map_phase p ON p.id = t.phase_id WHERE t.id = NEW.touchpoint_id) <> (SELECT m.engagement_id FROM emotion_revisit r JOIN milestone m ON m.id = r.milestone_id WHERE r.id = NEW.revisit_id) OR (SELECT engagement_id FROM stakeholder WHERE id = NEW.stakeholder_id) <> (SELECT m.engagement_id FROM emotion_revisit r JOIN milestone m ON m.id = r.milestone_id WHERE r.id = NEW.revisit_id) BEGIN SELECT RAISE(ABORT, 'map_mismatch: the row belongs to the map of another engagement'); END",
    "CREATE TRIGGER touchpoint_same_engagement_on_update BEFORE UPDATE OF phase_id ON touchpoint FOR EACH ROW WHEN (SELECT engagement_id FROM map_phase WHERE id = NEW.phase_id) <> (SELECT engagement_id FROM map_phase WHERE id = OLD.phase_id) BEGIN SELECT RAISE(ABORT, 'map_mismatch: the row belongs to the map of another engagement'); END",
    "CREATE TRIGGER map_phase_same_engagement_on_update BEFORE UPDATE OF engagement_id ON map_phase FOR EACH ROW WHEN NEW.engagement_id <> OLD.engagement_id BEGIN SELECT RAISE(ABORT, 'map_mismatch: the row belongs to the map of another engagement'); END",
    "CREATE TRIGGER stakeholder_same_engagement_on_update BEFORE UPDATE OF engagement_id ON stakeholder FOR EACH ROW WHEN NEW.engagement_id <> OLD.engagement_id BEGIN SELECT RAISE(ABORT, 'map_mismatch: the row belongs to the map of another engagement'); END",
    "CREATE TRIGGER milestone_same_engagement_on_update BEFORE UPDATE OF engagement_id ON milestone FOR EACH ROW WHEN NEW.engagement_id <> OLD.engagement_id AND EXISTS (SELECT 1 FROM emotion_revisit WHERE milestone_id = OLD.id) BEGIN SELECT RAISE(ABORT, 'map_mismatch: the row belongs to the map of another engagement'); END",
    (
        "CREATE TABLE brand (\n"
        "\tid INTEGER NOT NULL, \n"
        "\tfirm_name VARCHAR(120) NOT NULL, \n"
        "\tconsultant VARCHAR(120) DEFAULT '' NOT NULL, \n"
        "\tprimary_colour VARCHAR(7) NOT NULL, \n"
        "\taccent_colour VARCHAR(7) NOT NULL, \n"
        "\tfooter VARCHAR(200) DEFAULT '' NOT NULL, \n"
        "\tcontact VARCHAR(200) DEFAULT '' NOT NULL, \n"
        "\tpage_size VARCHAR(8) DEFAULT 'A4' NOT NULL, \n"
        "\tlogo BLOB, \n"
        "\tlogo_kind VARCHAR(8), version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\tCONSTRAINT pk_brand PRIMARY KEY (id), \n"
        "\tCONSTRAINT ck_brand_accent_colour_hex CHECK (accent_colour LIKE '#______'), \n"
        "\tCONSTRAINT ck_brand_logo_kind_known CHECK (logo_kind IN ('png', 'jpeg', 'svg')), \n"
        "\tCONSTRAINT ck_brand_page_size_known CHECK (page_size IN ('A4', 'Letter')), \n"
        "\tCONSTRAINT ck_brand_primary_colour_hex CHECK (primary_colour LIKE '#______'), \n"
        "\tCONSTRAINT ck_brand_logo_complete CHECK ((logo IS NULL) = (logo_kind IS NULL)), \n"
        "\tCONSTRAINT ck_brand_single_row CHECK (id = 1), \n"
        "\tCONSTRAINT ck_brand_consultant_length CHECK (length(consultant) <= 120), \n"
        "\tCONSTRAINT ck_brand_contact_length CHECK (length(contact) <= 200), \n"
        "\tCONSTRAINT ck_brand_firm_name_length CHECK (length(firm_name) <= 120), \n"
        "\tCONSTRAINT ck_brand_footer_length CHECK (length(footer) <= 200), \n"
        "\tCONSTRAINT ck_brand_firm_name_not_blank CHECK (length(trim(firm_name)) > 0), \n"
        "\tCONSTRAINT ck_brand_logo_size CHECK (logo IS NULL OR length(logo) <= 2097152)\n"
        ")"
    ),
    (
        "CREATE TABLE escalation_level (\n"
        "\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n"
        "\tengagement_id INTEGER NOT NULL, \n"
        "\tposition INTEGER NOT NULL, \n"
        "\tname VARCHAR(200) NOT NULL, \n"
        "\t\"trigger\" TEXT DEFAULT '' NOT NULL, \n"
        "\towner VARCHAR(200) DEFAULT '' NOT NULL, \n"
        "\tresponse_time VARCHAR(200) DEFAULT '' NOT NULL, \n"
        "\tchannel VARCHAR(200) DEFAULT '' NOT NULL, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\tCONSTRAINT ck_escalation_level_channel_length CHECK (length(channel) <= 200), \n"
        "\tCONSTRAINT ck_escalation_level_name_length CHECK (length(name) <= 200), \n"
        "\tCONSTRAINT ck_escalation_level_owner_length CHECK (length(owner) <= 200), \n"
        "\tCONSTRAINT ck_escalation_level_response_time_length CHECK (length(response_time) <= 200), \n"
        "\tCONSTRAINT ck_escalation_level_trigger_length CHECK (length(trigger) <= 2000), \n"
        "\tCONSTRAINT ck_escalation_level_name_not_blank CHECK (length(trim(name)) > 0), \n"
        "\tCONSTRAINT ck_escalation_level_position_range CHECK (position = CAST(position AS INTEGER) AND position >= 0), \n"
        "\tCONSTRAINT fk_escalation_level_engagement_id_engagement FOREIGN KEY(engagement_id) REFERENCES engagement (id) ON DELETE CASCADE\n"
        ")"
    ),
    "CREATE INDEX ix_escalation_level_engagement_id ON escalation_level (engagement_id)",
    (
        "CREATE TABLE last_change (\n"
        "\tid INTEGER NOT NULL, \n"
        "\tchanged_at DATETIME NOT NULL, \n"
        "\tCONSTRAINT pk_last_change PRIMARY KEY (id), \n"
        "\tCONSTRAINT ck_last_change_single_row CHECK (id = 1)\n"
        ")"
    ),
    (
        "CREATE TABLE change_counter (\n"
        "\tid INTEGER NOT NULL, \n"
        "\tlast_number INTEGER NOT NULL, \n"
        "\tCONSTRAINT pk_change_counter PRIMARY KEY (id), \n"
        "\tCONSTRAINT ck_change_counter_single_row CHECK (id = 1)\n"
        ")"
    ),
    (
        "CREATE TABLE rater_statement (\n"
        "\tid INTEGER NOT NULL CONSTRAINT pk_rater_statement PRIMARY KEY AUTOINCREMENT, \n"
        "\tassessment_id INTEGER NOT NULL, \n"
        "\tdimension VARCHAR(16) NOT NULL, \n"
        "\tposition INTEGER NOT NULL, \n"
        "\ttext TEXT NOT NULL, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\tCONSTRAINT ck_rater_statement_dimension_known CHECK (dimension IN ('reliability', 'assurance', 'tangibles', 'empathy', 'responsiveness')), \n"
        "\tCONSTRAINT ck_rater_statement_text_not_blank CHECK (length(trim(text)) > 0), \n"
        "\tCONSTRAINT fk_rater_statement_assessment_id_rater_assessment FOREIGN KEY(assessment_id) REFERENCES rater_assessment (id) ON DELETE CASCADE\n"
        ")"
    ),
    "CREATE INDEX ix_rater_statement_assessment_id ON rater_statement (assessment_id)",
    (
        "CREATE TABLE rater_respondent (\n"
        "\tid INTEGER NOT NULL CONSTRAINT pk_rater_respondent PRIMARY KEY AUTOINCREMENT, \n"
        "\tassessment_id INTEGER NOT NULL, \n"
        "\tposition INTEGER NOT NULL, \n"
        "\tname VARCHAR(200) DEFAULT '' NOT NULL, \n"
        "\tside VARCHAR(8) NOT NULL, \n"
        "\treliability_expectation INTEGER, \n"
        "\treliability_perception INTEGER, \n"
        "\tassurance_expectation INTEGER, \n"
        "\tassurance_perception INTEGER, \n"
        "\ttangibles_expectation INTEGER, \n"
        "\ttangibles_perception INTEGER, \n"
        "\tempathy_expectation INTEGER, \n"
        "\tempathy_perception INTEGER, \n"
        "\tresponsiveness_expectation INTEGER, \n"
        "\tresponsiveness_perception INTEGER, \n"
        "\treliability_points INTEGER, \n"
        "\tassurance_points INTEGER, \n"
        "\ttangibles_points INTEGER, \n"
        "\tempathy_points INTEGER, \n"
        "\tresponsiveness_points INTEGER, version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\tCONSTRAINT ck_rater_respondent_side_known CHECK (side IN ('team', 'client')), \n"
        "\tCONSTRAINT ck_rater_respondent_points_total CHECK ((reliability_points IS NULL AND assurance_points IS NULL AND tangibles_points IS NULL AND empathy_points IS NULL AND responsiveness_points IS NULL) OR (reliability_points IS NOT NULL AND assurance_points IS NOT NULL AND tangibles_points IS NOT NULL AND empathy_points IS NOT NULL AND responsiveness_points IS NOT NULL AND reliability_points + assurance_points + tangibles_points + empathy_points + responsiveness_points = 100)), \n"
        "\tCONSTRAINT ck_rater_respondent_assurance_expectation_range CHECK (assurance_expectation IS NULL OR (assurance_expectation = CAST(assurance_expectation AS INTEGER) AND assurance_expectation BETWEEN 1 AND 7)), \n"
        "\tCONSTRAINT ck_rater_respondent_assurance_perception_range CHECK (assurance_perception IS NULL OR (assurance_perception = CAST(assurance_perception AS INTEGER) AND assurance_perception BETWEEN 1 AND 7)), \n"
        "\tCONSTRAINT ck_rater_respondent_assurance_points_range CHECK (assurance_points IS NULL OR (assurance_points = CAST(assurance_points AS INTEGER) AND assurance_points BETWEEN 0 AND 100)), \n"
        "\tCONSTRAINT ck_rater_respondent_empathy_expectation_range CHECK (empathy_expectation IS NULL OR (empathy_expectation = CAST(empathy_expectation AS INTEGER) AND empathy_expectation BETWEEN 1 AND 7)), \n"
        "\tCONSTRAINT ck_rater_respondent_empathy_perception_range CHECK (empathy_perception IS NULL OR (empathy_perception = CAST(empathy_perception AS INTEGER) AND empathy_perception BETWEEN 1 AND 7)), \n"
        "\tCONSTRAINT ck_rater_respondent_empathy_points_range CHECK (empathy_points IS NULL OR (empathy_points = CAST(empathy_points AS INTEGER) AND empathy_points BETWEEN 0 AND 100)), \n"
        "\tCONSTRAINT ck_rater_respondent_reliability_expectation_range CHECK (reliability_expectation IS NULL OR (reliability_expectation = CAST(reliability_expectation AS INTEGER) AND reliability_expectation BETWEEN 1 AND 7)), \n"
        "\tCONSTRAINT ck_rater_respondent_reliability_perception_range CHECK (reliability_perception IS NULL OR (reliability_perception = CAST(reliability_perception AS INTEGER) AND reliability_perception BETWEEN 1 AND 7)), \n"
        "\tCONSTRAINT ck_rater_respondent_reliability_points_range CHECK (reliability_points IS NULL OR (reliability_points = CAST(reliability_points AS INTEGER) AND reliability_points BETWEEN 0 AND 100)), \n"
        "\tCONSTRAINT ck_rater_respondent_responsiveness_expectation_range CHECK (responsiveness_expectation IS NULL OR (responsiveness_expectation = CAST(responsiveness_expectation AS INTEGER) AND responsiveness_expectation BETWEEN 1 AND 7)), \n"
        "\tCONSTRAINT ck_rater_respondent_responsiveness_perception_range CHECK (responsiveness_perception IS NULL OR (responsiveness_perception = CAST(responsiveness_perception AS INTEGER) AND responsiveness_perception BETWEEN 1 AND 7)), \n"
        "\tCONSTRAINT ck_rater_respondent_responsiveness_points_range CHECK (responsiveness_points IS NULL OR (responsiveness_points = CAST(responsiveness_points AS INTEGER) AND responsiveness_points BETWEEN 0 AND 100)), \n"
        "\tCONSTRAINT ck_rater_respondent_tangibles_expectation_range CHECK (tangibles_expectation IS NULL OR (tangibles_expectation = CAST(tangibles_expectation AS INTEGER) AND tangibles_expectation BETWEEN 1 AND 7)), \n"
        "\tCONSTRAINT ck_rater_respondent_tangibles_perception_range CHECK (tangibles_perception IS NULL OR (tangibles_perception = CAST(tangibles_perception AS INTEGER) AND tangibles_perception BETWEEN 1 AND 7)), \n"
        "\tCONSTRAINT ck_rater_respondent_tangibles_points_range CHECK (tangibles_points IS NULL OR (tangibles_points = CAST(tangibles_points AS INTEGER) AND tangibles_points BETWEEN 0 AND 100)), \n"
        "\tCONSTRAINT fk_rater_respondent_assessment_id_rater_assessment FOREIGN KEY(assessment_id) REFERENCES rater_assessment (id) ON DELETE CASCADE\n"
        ")"
    ),
    "CREATE INDEX ix_rater_respondent_assessment_id ON rater_respondent (assessment_id)",
    (
        "CREATE TABLE pulse_check (\n"
        "\tid INTEGER NOT NULL CONSTRAINT pk_pulse_check PRIMARY KEY AUTOINCREMENT, \n"
        "\tengagement_id INTEGER NOT NULL, \n"
        "\tmilestone_id INTEGER, \n"
        "\ttaken_on DATE NOT NULL, \n"
        "\trespondent VARCHAR(200) DEFAULT '' NOT NULL, \n"
        "\tconfidence INTEGER, \n"
        "\tcsat INTEGER, \n"
        "\tworking TEXT DEFAULT '' NOT NULL, \n"
        "\tnot_working TEXT DEFAULT '' NOT NULL, \n"
        "\tcreated_at DATETIME NOT NULL, version INTEGER DEFAULT '1' NOT NULL, side VARCHAR(8) DEFAULT 'client' NOT NULL CONSTRAINT ck_pulse_check_side_known CHECK (side IN ('team', 'client')), changed_by VARCHAR(200), changed_at DATETIME, \n"
        "\tCONSTRAINT ck_pulse_check_confidence_range CHECK (confidence IS NULL OR (confidence = CAST(confidence AS INTEGER) AND confidence BETWEEN 1 AND 10)), \n"
        "\tCONSTRAINT ck_pulse_check_csat_range CHECK (csat IS NULL OR (csat = CAST(csat AS INTEGER) AND csat BETWEEN 1 AND 5)), \n"
        "\tCONSTRAINT fk_pulse_check_engagement_id_engagement FOREIGN KEY(engagement_id) REFERENCES engagement (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT fk_pulse_check_milestone_id_milestone FOREIGN KEY(milestone_id) REFERENCES milestone (id) ON DELETE SET NULL\n"
        ")"
    ),
    "CREATE INDEX ix_pulse_check_engagement_id ON pulse_check (engagement_id)",
    "CREATE INDEX ix_pulse_check_milestone_id ON pulse_check (milestone_id)",
    (
        "CREATE TABLE issue (\n"
        "\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n"
        "\tengagement_id INTEGER NOT NULL, \n"
        "\ttitle VARCHAR(200) NOT NULL, \n"
        "\tdetails TEXT DEFAULT '' NOT NULL, \n"
        "\traised_by VARCHAR(200) DEFAULT '' NOT NULL, \n"
        "\traised_by_side VARCHAR(8) DEFAULT 'client' NOT NULL, \n"
        "\traised_on DATE NOT NULL, \n"
        "\trung_id INTEGER NOT NULL, \n"
        "\towner VARCHAR(200) DEFAULT '' NOT NULL, \n"
        "\ton_rung_since DATE NOT NULL, \n"
        "\tstatus VARCHAR(16) DEFAULT 'open' NOT NULL, \n"
        "\tresolved_on DATE, \n"
        "\tresolution TEXT DEFAULT '' NOT NULL, \n"
        "\tversion INTEGER DEFAULT '1' NOT NULL, \n"
        "\tchanged_by VARCHAR(200), \n"
        "\tchanged_at DATETIME, \n"
        "\tCONSTRAINT ck_issue_title_not_blank CHECK (length(trim(title)) > 0), \n"
        "\tCONSTRAINT ck_issue_status_known CHECK (status IN ('open', 'resolved')), \n"
        "\tCONSTRAINT ck_issue_raised_by_side_known CHECK (raised_by_side IN ('ours', 'client')), \n"
        "\tCONSTRAINT ck_issue_resolved_dated CHECK ((status = 'resolved') = (resolved_on IS NOT NULL)), \n"
        "\tCONSTRAINT ck_issue_resolution_given CHECK (status <> 'resolved' OR length(trim(resolution)) > 0), \n"
        "\tCONSTRAINT ck_issue_on_rung_after_raised CHECK (on_rung_since >= raised_on), \n"
        "\tCONSTRAINT ck_issue_resolved_after_rung CHECK (resolved_on IS NULL OR resolved_on >= on_rung_since), \n"
        "\tCONSTRAINT fk_issue_engagement_id_engagement FOREIGN KEY(engagement_id) REFERENCES engagement (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT fk_issue_rung_id_escalation_level FOREIGN KEY(rung_id) REFERENCES escalation_level (id)\n"
        ")"
    ),
    "CREATE INDEX ix_issue_engagement_id ON issue (engagement_id)",
    "CREATE INDEX ix_issue_rung_id ON issue (rung_id)",
    (
        "CREATE TABLE issue_step (\n"
        "\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n"
        "\tissue_id INTEGER NOT NULL, \n"
        "\thappened_on DATE NOT NULL, \n"
        "\tkind VARCHAR(16) NOT NULL, \n"
        "\trung_id INTEGER, \n"
        "\trung_name VARCHAR(200) DEFAULT '' NOT NULL, \n"
        "\towner VARCHAR(200) DEFAULT '' NOT NULL, \n"
        "\tnote TEXT DEFAULT '' NOT NULL, \n"
        "\tversion INTEGER DEFAULT '1' NOT NULL, \n"
        "\tchanged_by VARCHAR(200), \n"
        "\tchanged_at DATETIME, \n"
        "\tCONSTRAINT ck_issue_step_kind_known CHECK (kind IN ('raised', 'escalated', 'resolved', 'reopened')), \n"
        "\tCONSTRAINT fk_issue_step_issue_id_issue FOREIGN KEY(issue_id) REFERENCES issue (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT fk_issue_step_rung_id_escalation_level FOREIGN KEY(rung_id) REFERENCES escalation_level (id) ON DELETE SET NULL\n"
        ")"
    ),
    "CREATE INDEX ix_issue_step_issue_id ON issue_step (issue_id)",
    "CREATE INDEX ix_issue_step_rung_id ON issue_step (rung_id)",
    (
        "CREATE TABLE issue_touchpoint (\n"
        "\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n"
        "\tissue_id INTEGER NOT NULL, \n"
        "\ttouchpoint_id INTEGER NOT NULL, \n"
        "\tversion INTEGER DEFAULT '1' NOT NULL, \n"
        "\tchanged_by VARCHAR(200), \n"
        "\tchanged_at DATETIME, \n"
        "\tCONSTRAINT fk_issue_touchpoint_issue_id_issue FOREIGN KEY(issue_id) REFERENCES issue (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT fk_issue_touchpoint_touchpoint_id_touchpoint FOREIGN KEY(touchpoint_id) REFERENCES touchpoint (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT uq_issue_touchpoint_issue_id_touchpoint_id UNIQUE (issue_id, touchpoint_id)\n"
        ")"
    ),
    "CREATE INDEX ix_issue_touchpoint_issue_id ON issue_touchpoint (issue_id)",
    "CREATE INDEX ix_issue_touchpoint_touchpoint_id ON issue_touchpoint (touchpoint_id)",
    (
        "CREATE TABLE gap_action (\n"
        "\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n"
        "\tengagement_id INTEGER NOT NULL, \n"
        "\tposition INTEGER NOT NULL, \n"
        "\ttitle VARCHAR(200) NOT NULL, \n"
        "\tsource_kind VARCHAR(24) DEFAULT 'none' NOT NULL, \n"
        "\texpectation_item_id INTEGER, \n"
        "\trater_assessment_id INTEGER, \n"
        "\trater_dimension VARCHAR(16), \n"
        "\ttouchpoint_id INTEGER, \n"
        "\tstakeholder_id INTEGER, \n"
        "\thandoff_item_id INTEGER, \n"
        "\tpulse_check_id INTEGER, \n"
        "\tsource_label TEXT DEFAULT '' NOT NULL, \n"
        "\tgap_before FLOAT, \n"
        "\tissue_id INTEGER, \n"
        "\tcause VARCHAR(16), \n"
        "\towner_name VARCHAR(200) DEFAULT '' NOT NULL, \n"
        "\towner_side VARCHAR(8) DEFAULT 'ours' NOT NULL, \n"
        "\tdue_on DATE, \n"
        "\tstatus VARCHAR(16) DEFAULT 'open' NOT NULL, \n"
        "\toutcome TEXT DEFAULT '' NOT NULL, \n"
        "\tcreated_at DATETIME NOT NULL, \n"
        "\tclosed_at DATETIME, \n"
        "\tversion INTEGER DEFAULT '1' NOT NULL, \n"
        "\tchanged_by VARCHAR(200), \n"
        "\tchanged_at DATETIME, \n"
        "\tCONSTRAINT ck_gap_action_title_not_blank CHECK (length(trim(title)) > 0), \n"
        "\tCONSTRAINT ck_gap_action_position_range CHECK (position = CAST(position AS INTEGER) AND position >= 0), \n"
        "\tCONSTRAINT ck_gap_action_source_kind_known CHECK (source_kind IN ('expectation', 'rater_gap', 'rater_disagreement', 'pain_point', 'handoff_item', 'pulse_check', 'none')), \n"
        "\tCONSTRAINT ck_gap_action_status_known CHECK (status IN ('open', 'in_progress', 'done', 'dropped')), \n"
        "\tCONSTRAINT ck_gap_action_owner_side_known CHECK (owner_side IN ('ours', 'client')), \n"
        "\tCONSTRAINT ck_gap_action_cause_known CHECK (cause IN ('knowledge', 'standards', 'delivery', 'communication', 'customer')), \n"
        "\tCONSTRAINT ck_gap_action_rater_dimension_known CHECK (rater_dimension IN ('reliability', 'assurance', 'tangibles', 'empathy', 'responsiveness')), \n"
        "\tCONSTRAINT ck_gap_action_source_link CHECK ((expectation_item_id IS NULL OR source_kind IN ('expectation')) AND (rater_assessment_id IS NULL OR source_kind IN ('rater_gap', 'rater_disagreement')) AND (touchpoint_id IS NULL OR source_kind IN ('pain_point')) AND (stakeholder_id IS NULL OR source_kind IN ('pain_point')) AND (handoff_item_id IS NULL OR source_kind IN ('handoff_item')) AND (pulse_check_id IS NULL OR source_kind IN ('pulse_check'))), \n"
        "\tCONSTRAINT ck_gap_action_rater_dimension_given CHECK ((source_kind IN ('rater_gap', 'rater_disagreement')) = (rater_dimension IS NOT NULL)), \n"
        "\tCONSTRAINT ck_gap_action_closed_dated CHECK ((status IN ('done', 'dropped')) = (closed_at IS NOT NULL)), \n"
        "\tCONSTRAINT ck_gap_action_closed_after_created CHECK (closed_at IS NULL OR closed_at >= created_at), \n"
        "\tCONSTRAINT fk_gap_action_engagement_id_engagement FOREIGN KEY(engagement_id) REFERENCES engagement (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT fk_gap_action_expectation_item_id_expectation_item FOREIGN KEY(expectation_item_id) REFERENCES expectation_item (id) ON DELETE SET NULL, \n"
        "\tCONSTRAINT fk_gap_action_rater_assessment_id_rater_assessment FOREIGN KEY(rater_assessment_id) REFERENCES rater_assessment (id) ON DELETE SET NULL, \n"
        "\tCONSTRAINT fk_gap_action_touchpoint_id_touchpoint FOREIGN KEY(touchpoint_id) REFERENCES touchpoint (id) ON DELETE SET NULL, \n"
        "\tCONSTRAINT fk_gap_action_stakeholder_id_stakeholder FOREIGN KEY(stakeholder_id) REFERENCES stakeholder (id) ON DELETE SET NULL, \n"
        "\tCONSTRAINT fk_gap_action_handoff_item_id_handoff_item FOREIGN KEY(handoff_item_id) REFERENCES handoff_item (id) ON DELETE SET NULL, \n"
        "\tCONSTRAINT fk_gap_action_pulse_check_id_pulse_check FOREIGN KEY(pulse_check_id) REFERENCES pulse_check (id) ON DELETE SET NULL, \n"
        "\tCONSTRAINT fk_gap_action_issue_id_issue FOREIGN KEY(issue_id) REFERENCES issue (id) ON DELETE SET NULL\n"
        ")"
    ),
    "CREATE INDEX ix_gap_action_engagement_id ON gap_action (engagement_id)",
    "CREATE INDEX ix_gap_action_expectation_item_id ON gap_action (expectation_item_id)",
    "CREATE INDEX ix_gap_action_rater_assessment_id ON gap_action (rater_assessment_id)",
    "CREATE INDEX ix_gap_action_touchpoint_id ON gap_action (touchpoint_id)",
    "CREATE INDEX ix_gap_action_stakeholder_id ON gap_action (stakeholder_id)",
    "CREATE INDEX ix_gap_action_handoff_item_id ON gap_action (handoff_item_id)",
    "CREATE INDEX ix_gap_action_pulse_check_id ON gap_action (pulse_check_id)",
    "CREATE INDEX ix_gap_action_issue_id ON gap_action (issue_id)",
    (
        "CREATE TABLE you_said_we_did (\n"
        "\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n"
        "\tengagement_id INTEGER NOT NULL, \n"
        "\tsaid_on DATE NOT NULL, \n"
        "\tsaid TEXT NOT NULL, \n"
        "\tsaid_by VARCHAR(200) DEFAULT '' NOT NULL, \n"
        "\tsaid_source VARCHAR(16) DEFAULT 'typed' NOT NULL, \n"
        "\tpulse_check_id INTEGER, \n"
        "\trater_assessment_id INTEGER, \n"
        "\tworkshop_session_id INTEGER, \n"
        "\twe_did TEXT DEFAULT '' NOT NULL, \n"
        "\tdid_on DATE, \n"
        "\taction_id INTEGER, \n"
        "\tversion INTEGER DEFAULT '1' NOT NULL, \n"
        "\tchanged_by VARCHAR(200), \n"
        "\tchanged_at DATETIME, \n"
        "\tCONSTRAINT ck_you_said_we_did_said_not_blank CHECK (length(trim(said)) > 0), \n"
        "\tCONSTRAINT ck_you_said_we_did_said_source_known CHECK (said_source IN ('pulse', 'rater', 'workshop', 'typed')), \n"
        "\tCONSTRAINT ck_you_said_we_did_said_link CHECK ((pulse_check_id IS NULL OR said_source IN ('pulse')) AND (rater_assessment_id IS NULL OR said_source IN ('rater')) AND (workshop_session_id IS NULL OR said_source IN ('workshop'))), \n"
        "\tCONSTRAINT ck_you_said_we_did_did_after_said CHECK (did_on IS NULL OR did_on >= said_on), \n"
        "\tCONSTRAINT fk_you_said_we_did_engagement_id_engagement FOREIGN KEY(engagement_id) REFERENCES engagement (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT fk_you_said_we_did_pulse_check_id_pulse_check FOREIGN KEY(pulse_check_id) REFERENCES pulse_check (id) ON DELETE SET NULL, \n"
        "\tCONSTRAINT fk_you_said_we_did_rater_assessment_id_rater_assessment FOREIGN KEY(rater_assessment_id) REFERENCES rater_assessment (id) ON DELETE SET NULL, \n"
        "\tCONSTRAINT fk_you_said_we_did_workshop_session_id_workshop_session FOREIGN KEY(workshop_session_id) REFERENCES workshop_session (id) ON DELETE SET NULL, \n"
        "\tCONSTRAINT fk_you_said_we_did_action_id_gap_action FOREIGN KEY(action_id) REFERENCES gap_action (id) ON DELETE SET NULL\n"
        ")"
    ),
    "CREATE INDEX ix_you_said_we_did_engagement_id ON you_said_we_did (engagement_id)",
    "CREATE INDEX ix_you_said_we_did_pulse_check_id ON you_said_we_did (pulse_check_id)",
    "CREATE INDEX ix_you_said_we_did_rater_assessment_id ON you_said_we_did (rater_assessment_id)",
    "CREATE INDEX ix_you_said_we_did_workshop_session_id ON you_said_we_did (workshop_session_id)",
    "CREATE INDEX ix_you_said_we_did_action_id ON you_said_we_did (action_id)",
    (
        "CREATE TABLE small_win (\n"
        "\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n"
        "\tengagement_id INTEGER NOT NULL, \n"
        "\twon_on DATE NOT NULL, \n"
        "\ttext TEXT NOT NULL, \n"
        "\tmilestone_id INTEGER, \n"
        "\ttouchpoint_id INTEGER, \n"
        "\tversion INTEGER DEFAULT '1' NOT NULL, \n"
        "\tchanged_by VARCHAR(200), \n"
        "\tchanged_at DATETIME, \n"
        "\tCONSTRAINT ck_small_win_text_not_blank CHECK (length(trim(text)) > 0), \n"
        "\tCONSTRAINT fk_small_win_engagement_id_engagement FOREIGN KEY(engagement_id) REFERENCES engagement (id) ON DELETE CASCADE, \n"
        "\tCONSTRAINT fk_small_win_milestone_id_milestone FOREIGN KEY(milestone_id) REFERENCES milestone (id) ON DELETE SET NULL, \n"
        "\tCONSTRAINT fk_small_win_touchpoint_id_touchpoint FOREIGN KEY(touchpoint_id) REFERENCES touchpoint (id) ON DELETE SET NULL\n"
        ")"
    ),
    "CREATE INDEX ix_small_win_engagement_id ON small_win (engagement_id)",
    "CREATE INDEX ix_small_win_milestone_id ON small_win (milestone_id)",
    "CREATE INDEX ix_small_win_touchpoint_id ON small_win (touchpoint_id)",
    "CREATE TRIGGER gap_action_loop_links_on_insert BEFORE INSERT ON gap_action FOR EACH ROW WHEN (SELECT engagement_id FROM expectation_item WHERE id = NEW.expectation_item_id) <> NEW.engagement_id OR (SELECT engagement_id FROM rater_assessment WHERE id = NEW.rater_assessment_id) <> NEW.engagement_id OR (SELECT p.engagement_id FROM touchpoint x JOIN map_phase p ON p.id = x.phase_id WHERE x.id = NEW.touchpoint_id) <> NEW.engagement_id OR (SELECT engagement_id FROM stakeholder WHERE id = NEW.stakeholder_id) <> NEW.engagement_id OR (SELECT p.engagement_id FROM handoff_item x JOIN map_phase p ON p.id = x.phase_id WHERE x.id = NEW.handoff_item_id) <> NEW.engagement_id OR (SELECT engagement_id FROM pulse_check WHERE id = NEW.pulse_check_id) <> NEW.engagement_id OR (SELECT engagement_id FROM issue WHERE id = NEW.issue_id) <> NEW.engagement_id BEGIN SELECT RAISE(ABORT, 'loop_mismatch: the linked row belongs to another engagement'); END",
    "CREATE TRIGGER gap_action_loop_links_on_update BEFORE UPDATE OF engagement_id, expectation_item_id, rater_assessment_id, touchpoint_id, stakeholder_id, handoff_item_id, pulse_check_id, issue_id ON gap_action FOR EACH ROW WHEN (SELECT engagement_id FROM expectation_item WHERE id = NEW.expectation_item_id) <> NEW.engagement_id OR (SELECT engagement_id FROM rater_assessment WHERE id = NEW.rater_assessment_id) <> NEW.engagement_id OR (SELECT p.engagement_id FROM touchpoint x JOIN map_phase p ON p.id = x.phase_id WHERE x.id = NEW.touchpoint_id) <> NEW.engagement_id OR (SELECT engagement_id FROM stakeholder WHERE id = NEW.stakeholder_id) <> NEW.engagement_id OR (SELECT p.engagement_id FROM handoff_item x JOIN map_phase p ON p.id = x.phase_id WHERE x.id = NEW.handoff_item_id) <> NEW.engagement_id OR (SELECT engagement_id FROM pulse_check WHERE id = NEW.pulse_check_id) <> NEW.engagement_id OR (SELECT engagement_id FROM issue WHERE id = NEW.issue_id) <> NEW.engagement_id BEGIN SELECT RAISE(ABORT, 'loop_mismatch: the linked row belongs to another engagement'); END",
    "CREATE TRIGGER issue_loop_links_on_insert BEFORE INSERT ON issue FOR EACH ROW WHEN (SELECT engagement_id FROM escalation_level WHERE id = NEW.rung_id) <> NEW.engagement_id BEGIN SELECT RAISE(ABORT, 'rung_mismatch: the level is on the ladder of another engagement'); END",
    "CREATE TRIGGER issue_loop_links_on_update BEFORE UPDATE OF engagement_id, rung_id ON issue FOR EACH ROW WHEN (SELECT engagement_id FROM escalation_level WHERE id = NEW.rung_id) <> NEW.engagement_id BEGIN SELECT RAISE(ABORT, 'rung_mismatch: the level is on the ladder of another engagement'); END",
    "CREATE TRIGGER issue_step_loop_links_on_insert BEFORE INSERT ON issue_step FOR EACH ROW WHEN (SELECT engagement_id FROM escalation_level WHERE id = NEW.rung_id) <> (SELECT engagement_id FROM issue WHERE id = NEW.issue_id) BEGIN SELECT RAISE(ABORT, 'rung_mismatch: the level is on the ladder of another engagement'); END",
    "CREATE TRIGGER issue_step_loop_links_on_update BEFORE UPDATE OF issue_id, rung_id ON issue_step FOR EACH ROW WHEN (SELECT engagement_id FROM escalation_level WHERE id = NEW.rung_id) <> (SELECT engagement_id FROM issue WHERE id = NEW.issue_id) BEGIN SELECT RAISE(ABORT, 'rung_mismatch: the level is on the ladder of another engagement'); END",
    "CREATE TRIGGER issue_touchpoint_loop_links_on_insert BEFORE INSERT ON issue_touchpoint FOR EACH ROW WHEN (SELECT p.engagement_id FROM touchpoint x JOIN map_phase p ON p.id = x.phase_id WHERE x.id = NEW.touchpoint_id) <> (SELECT engagement_id FROM issue WHERE id = NEW.issue_id) BEGIN SELECT RAISE(ABORT, 'loop_mismatch: the linked row belongs to another engagement'); END",
    "CREATE TRIGGER issue_touchpoint_loop_links_on_update BEFORE UPDATE OF issue_id, touchpoint_id ON issue_touchpoint FOR EACH ROW WHEN (SELECT p.engagement_id FROM touchpoint x JOIN map_phase p ON p.id = x.phase_id WHERE x.id = NEW.touchpoint_id) <> (SELECT engagement_id FROM issue WHERE id = NEW.issue_id) BEGIN SELECT RAISE(ABORT, 'loop_mismatch: the linked row belongs to another engagement'); END",
    "CREATE TRIGGER you_said_we_did_loop_links_on_insert BEFORE INSERT ON you_said_we_did FOR EACH ROW WHEN (SELECT engagement_id FROM pulse_check WHERE id = NEW.pulse_check_id) <> NEW.engagement_id OR (SELECT engagement_id FROM rater_assessment WHERE id = NEW.rater_assessment_id) <> NEW.engagement_id OR (SELECT coalesce(engagement_id, 0) FROM workshop_session WHERE id = NEW.workshop_session_id) <> NEW.engagement_id OR (SELECT engagement_id FROM gap_action WHERE id = NEW.action_id) <> NEW.engagement_id BEGIN SELECT RAISE(ABORT, 'loop_mismatch: the linked row belongs to another engagement'); END",
    "CREATE TRIGGER you_said_we_did_loop_links_on_update BEFORE UPDATE OF engagement_id, pulse_check_id, rater_assessment_id, workshop_session_id, action_id ON you_said_we_did FOR EACH ROW WHEN (SELECT engagement_id FROM pulse_check WHERE id = NEW.pulse_check_id) <> NEW.engagement_id OR (SELECT engagement_id FROM rater_assessment WHERE id = NEW.rater_assessment_id) <> NEW.engagement_id OR (SELECT coalesce(engagement_id, 0) FROM workshop_session WHERE id = NEW.workshop_session_id) <> NEW.engagement_id OR (SELECT engagement_id FROM gap_action WHERE id = NEW.action_id) <> NEW.engagement_id BEGIN SELECT RAISE(ABORT, 'loop_mismatch: the linked row belongs to another engagement'); END",
    "CREATE TRIGGER small_win_loop_links_on_insert BEFORE INSERT ON small_win FOR EACH ROW WHEN (SELECT engagement_id FROM milestone WHERE id = NEW.milestone_id) <> NEW.engagement_id OR (SELECT p.engagement_id FROM touchpoint x JOIN map_phase p ON p.id = x.phase_id WHERE x.id = NEW.touchpoint_id) <> NEW.engagement_id BEGIN SELECT RAISE(ABORT, 'loop_mismatch: the linked row belongs to another engagement'); END",
    "CREATE TRIGGER small_win_loop_links_on_update BEFORE UPDATE OF engagement_id, milestone_id, touchpoint_id ON small_win FOR EACH ROW WHEN (SELECT engagement_id FROM milestone WHERE id = NEW.milestone_id) <> NEW.engagement_id OR (SELECT p.engagement_id FROM touchpoint x JOIN map_phase p ON p.id = x.phase_id WHERE x.id = NEW.touchpoint_id) <> NEW.engagement_id BEGIN SELECT RAISE(ABORT, 'loop_mismatch: the linked row belongs to another engagement'); END",
    "CREATE TRIGGER expectation_item_keeps_loop_links_on_update BEFORE UPDATE OF engagement_id ON expectation_item FOR EACH ROW WHEN NEW.engagement_id <> OLD.engagement_id AND (EXISTS (SELECT 1 FROM gap_action WHERE expectation_item_id = OLD.id)) BEGIN SELECT RAISE(ABORT, 'loop_mismatch: the linked row belongs to another engagement'); END",
    "CREATE TRIGGER rater_assessment_keeps_loop_links_on_update BEFORE UPDATE OF engagement_id ON rater_assessment FOR EACH ROW WHEN NEW.engagement_id <> OLD.engagement_id AND (EXISTS (SELECT 1 FROM gap_action WHERE rater_assessment_id = OLD.id) OR EXISTS (SELECT 1 FROM you_said_we_did WHERE rater_assessment_id = OLD.id)) BEGIN SELECT RAISE(ABORT, 'loop_mismatch: the linked row belongs to another engagement'); END",
    "CREATE TRIGGER pulse_check_keeps_loop_links_on_update BEFORE UPDATE OF engagement_id ON pulse_check FOR EACH ROW WHEN NEW.engagement_id <> OLD.engagement_id AND (EXISTS (SELECT 1 FROM gap_action WHERE pulse_check_id = OLD.id) OR EXISTS (SELECT 1 FROM you_said_we_did WHERE pulse_check_id = OLD.id)) BEGIN SELECT RAISE(ABORT, 'loop_mismatch: the linked row belongs to another engagement'); END",
    "CREATE TRIGGER escalation_level_keeps_loop_links_on_update BEFORE UPDATE OF engagement_id ON escalation_level FOR EACH ROW WHEN NEW.engagement_id <> OLD.engagement_id AND (EXISTS (SELECT 1 FROM issue WHERE rung_id = OLD.id) OR EXISTS (SELECT 1 FROM issue_step WHERE rung_id = OLD.id)) BEGIN SELECT RAISE(ABORT, 'rung_mismatch: the level is on the ladder of another engagement'); END",
    "CREATE TRIGGER milestone_keeps_loop_links_on_update BEFORE UPDATE OF engagement_id ON milestone FOR EACH ROW WHEN NEW.engagement_id <> OLD.engagement_id AND (EXISTS (SELECT 1 FROM small_win WHERE milestone_id = OLD.id)) BEGIN SELECT RAISE(ABORT, 'loop_mismatch: the linked row belongs to another engagement'); END",
    "CREATE TRIGGER workshop_session_keeps_loop_links_on_update BEFORE UPDATE OF engagement_id ON workshop_session FOR EACH ROW WHEN coalesce(NEW.engagement_id, 0) <> coalesce(OLD.engagement_id, 0) AND EXISTS (SELECT 1 FROM you_said_we_did WHERE workshop_session_id = OLD.id) BEGIN SELECT RAISE(ABORT, 'loop_mismatch: the linked row belongs to another engagement'); END",
    "CREATE TRIGGER handoff_item_keeps_loop_links_on_update BEFORE UPDATE OF phase_id ON handoff_item FOR EACH ROW WHEN (SELECT engagement_id FROM map_phase WHERE id = NEW.phase_id) <> (SELECT engagement_id FROM map_phase WHERE id = OLD.phase_id) AND EXISTS (SELECT 1 FROM gap_action WHERE handoff_item_id = OLD.id) BEGIN SELECT RAISE(ABORT, 'loop_mismatch: the linked row belongs to another engagement'); END",
    "CREATE TRIGGER gap_action_keeps_loop_links_on_update BEFORE UPDATE OF engagement_id ON gap_action FOR EACH ROW WHEN NEW.engagement_id <> OLD.engagement_id AND EXISTS (SELECT 1 FROM you_said_we_did WHERE action_id = OLD.id) BEGIN SELECT RAISE(ABORT, 'loop_mismatch: the linked row belongs to another engagement'); END",
    "CREATE TRIGGER issue_keeps_loop_links_on_update BEFORE UPDATE OF engagement_id ON issue FOR EACH ROW WHEN NEW.engagement_id <> OLD.engagement_id AND (EXISTS (SELECT 1 FROM gap_action WHERE issue_id = OLD.id) OR EXISTS (SELECT 1 FROM issue_touchpoint WHERE issue_id = OLD.id)) BEGIN SELECT RAISE(ABORT, 'loop_mismatch: the linked row belongs to another engagement'); END",
    "INSERT INTO alembic_version VALUES ('0015_toolkit_language')",
    "INSERT INTO sqlite_sequence VALUES ('workshop_session', 0)",
    "INSERT INTO sqlite_sequence VALUES ('workshop_participant', 0)",
    "INSERT INTO sqlite_sequence VALUES ('quiz_answer', 0)",
    "INSERT INTO sqlite_sequence VALUES ('hands_tally', 0)",
    "INSERT INTO sqlite_sequence VALUES ('rater_statement', 0)",
    "INSERT INTO sqlite_sequence VALUES ('rater_respondent', 0)",
    "INSERT INTO sqlite_sequence VALUES ('pulse_check', 0)",
    "INSERT INTO change_counter VALUES (1, 1)",
)
