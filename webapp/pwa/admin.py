"""The administrator's view of sealed entries the server refused, per account: how many and why, never content."""
from __future__ import annotations

from flask import Blueprint
from sqlalchemy import func, select
from wtforms import IntegerField
from wtforms.validators import optional

from webapp.auth.access import permission_required
from webapp.auth.models import User
from webapp.auth.roles import Permission
from webapp.extensions import db
from webapp.forms import SenForm
from webapp.pwa.models import OutboxEvent
from webapp.pwa.protocol import EVENT_KINDS
from webapp.web import form_data, is_post, paginate, render

bp = Blueprint("outbox_admin", __name__, url_prefix="/admin/outbox")


class PageForm(SenForm):
    class Meta:
        csrf = True

    page = IntegerField(default=1, validators=[optional()])


@bp.route("", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_USERS)
def refusals():
    """Accounts whose phones sent entries the server refused (or accepted unbound), most recent first."""
    form = PageForm(formdata=form_data())
    if is_post():
        form.validate()
    stmt = (select(User).join(OutboxEvent, OutboxEvent.user_id == User.id)
            .group_by(User.id).order_by(func.max(OutboxEvent.at).desc(), User.id))
    page = paginate(stmt, form.page.data)
    ids = [user.id for user in page.items]
    counts: dict[int, dict[str, int]] = {i: {} for i in ids}
    last: dict[int, object] = {}
    if ids:
        for user_id, kind, n, at in db.session.execute(
                select(OutboxEvent.user_id, OutboxEvent.kind, func.count(), func.max(OutboxEvent.at))
                .where(OutboxEvent.user_id.in_(ids)).group_by(OutboxEvent.user_id, OutboxEvent.kind)):
            counts[user_id][kind] = n
            last[user_id] = max(last.get(user_id, at), at)
    return render("pwa/refusals.html", "pwa/_refusals.html", form=form, page=page, counts=counts, last=last,
                  kinds=EVENT_KINDS)
