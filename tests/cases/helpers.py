"""Turning reception values into what a browser would post."""
import uuid
from datetime import date

from tests.factories import reception_values


def reception_post(**over) -> dict:
    """A complete reception form as posted by the browser (with a fresh submission id)."""
    values = reception_values(**over)
    data = {"submission_id": over.pop("submission_id", None) or str(uuid.uuid4())}
    for name, value in values.items():
        if name == "children":
            for i, child in enumerate(value):
                data[f"children-{i}-sex"] = child["sex"]
                data[f"children-{i}-age"] = str(child["age"])
        elif isinstance(value, bool):
            if value:
                data[name] = "y"
        elif isinstance(value, date):
            data[name] = value.isoformat()
        elif isinstance(value, list):
            data[name] = value
        else:  # an empty select or text box is sent as an empty string, as a browser does
            data[name] = "" if value is None else str(value)
    return data
