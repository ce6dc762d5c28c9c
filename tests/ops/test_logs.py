"""No personal data in log lines."""
import logging

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tests.log_guard import FINDER
from webapp.extensions import db


def test_the_run_wide_guard_notices_a_typed_name_in_a_log_line():
    logging.getLogger("webapp.example").warning("saved %s", "Nguyễn Thị Lan")
    assert ("webapp.example", "Nguyễn Thị Lan") in FINDER.found
    FINDER.found.discard(("webapp.example", "Nguyễn Thị Lan"))  # planted here, not a finding of the run


def test_a_database_error_does_not_carry_the_values_it_was_given(ctx):
    from tests import factories
    from tests.conftest import IS_PG

    if IS_PG:  # known gap, in the session note: PostgreSQL's own DETAIL ("Failing row contains …") quotes the row
        pytest.skip("PostgreSQL's error detail quotes the failing row; a log filter for it is still to be written")

    case = factories.create_case()
    with pytest.raises(IntegrityError) as raised:
        db.session.execute(text("INSERT INTO case_file (id, code) VALUES (:id, :code)"),
                           {"id": case.id, "code": "0912345678"})  # the same id: refused, with the values at hand
    db.session.rollback()
    assert "0912345678" not in str(raised.value)
