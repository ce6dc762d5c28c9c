"""The home page each role lands on."""
from __future__ import annotations

from flask import Blueprint, render_template

from webapp.auth.access import signed_in
from webapp.auth.roles import ROLE_LABELS
from webapp.db import reads_only

bp = Blueprint("main", __name__)


@bp.route("/")
@signed_in
@reads_only
def home():
    return render_template("main/home.html", role_labels=ROLE_LABELS)
