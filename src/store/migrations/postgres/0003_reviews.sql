-- Independent reviews of a published assessment. The provider's lead asks someone who already
-- holds auditor or support adviser rights over the provider; that reviewer judges each item
-- (agree, partly agree, disagree, with a note), writes what is good and what to improve, gives
-- an overall assurance level and finalises. A finalised review cannot change: the triggers
-- below refuse any change to it or to its item judgements.
CREATE TABLE reviews (
  id BIGSERIAL PRIMARY KEY,
  publication_id BIGINT NOT NULL UNIQUE REFERENCES publications(id),
  assessment_id BIGINT NOT NULL REFERENCES assessments(id),
  org_id BIGINT NOT NULL REFERENCES organisations(id),
  reviewer_id BIGINT NOT NULL REFERENCES people(id),
  requested_by BIGINT REFERENCES people(id),
  requested_at BIGINT NOT NULL,
  good_practice TEXT NOT NULL DEFAULT '',
  improvements TEXT NOT NULL DEFAULT '',
  assurance TEXT NOT NULL DEFAULT ''
    CHECK (assurance IN ('', 'substantial', 'moderate', 'limited', 'unsatisfactory')),
  updated_at BIGINT NOT NULL,
  finalised_at BIGINT,
  finalised_by BIGINT REFERENCES people(id)
);
CREATE INDEX reviews_org ON reviews(org_id);
CREATE INDEX reviews_reviewer ON reviews(reviewer_id);

CREATE TABLE review_items (
  id BIGSERIAL PRIMARY KEY,
  review_id BIGINT NOT NULL REFERENCES reviews(id),
  item_id TEXT NOT NULL,
  judgement TEXT NOT NULL CHECK (judgement IN ('agree', 'partly', 'disagree')),
  note TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL,
  UNIQUE (review_id, item_id)
);

CREATE FUNCTION reviews_finalised_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.finalised_at IS NOT NULL THEN
    RAISE EXCEPTION 'a finalised review cannot be changed or deleted';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER reviews_finalised_immutable BEFORE UPDATE OR DELETE ON reviews
  FOR EACH ROW EXECUTE FUNCTION reviews_finalised_immutable();

CREATE FUNCTION review_items_finalised_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF (SELECT finalised_at FROM reviews WHERE id = NEW.review_id) IS NOT NULL THEN
      RAISE EXCEPTION 'a finalised review cannot be changed';
    END IF;
    RETURN NEW;
  END IF;
  IF (SELECT finalised_at FROM reviews WHERE id = OLD.review_id) IS NOT NULL THEN
    RAISE EXCEPTION 'a finalised review cannot be changed';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  IF (SELECT finalised_at FROM reviews WHERE id = NEW.review_id) IS NOT NULL THEN
    RAISE EXCEPTION 'a finalised review cannot be changed';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER review_items_finalised_immutable BEFORE INSERT OR UPDATE OR DELETE ON review_items
  FOR EACH ROW EXECUTE FUNCTION review_items_finalised_immutable();
