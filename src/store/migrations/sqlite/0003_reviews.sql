-- Independent reviews of a published assessment. The provider's lead asks someone who already
-- holds auditor or support adviser rights over the provider; that reviewer judges each item
-- (agree, partly agree, disagree, with a note), writes what is good and what to improve, gives
-- an overall assurance level and finalises. A finalised review cannot change: the triggers
-- below refuse any change to it or to its item judgements.
CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  publication_id INTEGER NOT NULL UNIQUE REFERENCES publications(id),
  assessment_id INTEGER NOT NULL REFERENCES assessments(id),
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  reviewer_id INTEGER NOT NULL REFERENCES people(id),
  requested_by INTEGER REFERENCES people(id),
  requested_at INTEGER NOT NULL,
  good_practice TEXT NOT NULL DEFAULT '',
  improvements TEXT NOT NULL DEFAULT '',
  assurance TEXT NOT NULL DEFAULT ''
    CHECK (assurance IN ('', 'substantial', 'moderate', 'limited', 'unsatisfactory')),
  updated_at INTEGER NOT NULL,
  finalised_at INTEGER,
  finalised_by INTEGER REFERENCES people(id)
);
CREATE INDEX reviews_org ON reviews(org_id);
CREATE INDEX reviews_reviewer ON reviews(reviewer_id);

CREATE TABLE review_items (
  id INTEGER PRIMARY KEY,
  review_id INTEGER NOT NULL REFERENCES reviews(id),
  item_id TEXT NOT NULL,
  judgement TEXT NOT NULL CHECK (judgement IN ('agree', 'partly', 'disagree')),
  note TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  UNIQUE (review_id, item_id)
);

CREATE TRIGGER reviews_finalised_no_update BEFORE UPDATE ON reviews
  WHEN OLD.finalised_at IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'a finalised review cannot be changed'); END;
CREATE TRIGGER reviews_finalised_no_delete BEFORE DELETE ON reviews
  WHEN OLD.finalised_at IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'a finalised review cannot be deleted'); END;
CREATE TRIGGER review_items_finalised_no_insert BEFORE INSERT ON review_items
  WHEN (SELECT finalised_at FROM reviews WHERE id = NEW.review_id) IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'a finalised review cannot be changed'); END;
CREATE TRIGGER review_items_finalised_no_update BEFORE UPDATE ON review_items
  WHEN (SELECT finalised_at FROM reviews WHERE id = OLD.review_id) IS NOT NULL
    OR (SELECT finalised_at FROM reviews WHERE id = NEW.review_id) IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'a finalised review cannot be changed'); END;
CREATE TRIGGER review_items_finalised_no_delete BEFORE DELETE ON review_items
  WHEN (SELECT finalised_at FROM reviews WHERE id = OLD.review_id) IS NOT NULL
  BEGIN SELECT RAISE(ABORT, 'a finalised review cannot be changed'); END;
