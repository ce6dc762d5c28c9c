"""Signing in and out, changing one's password, choosing the language."""
from __future__ import annotations

import hashlib

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from webapp.audit.services import Action, record
from webapp.auth.access import public, signed_in
from webapp.auth.forms import ChangePasswordForm, LoginForm
from webapp.auth.models import User
from webapp.auth.services import (
    check_credentials,
    end_all_sessions,
    end_session,
    find_session,
    normalise_username,
    start_session,
)
from webapp.auth.session_loader import SESSION_TOKEN_KEY
from webapp.errors import UserError
from webapp.extensions import db, limiter
from webapp.i18n import LANG_COOKIE
from webapp.users.services import change_own_password
from webapp.web import safe_next

bp = Blueprint("auth", __name__)

# Endpoints a user who must change their password may still reach.
_ALLOWED_BEFORE_NEW_PASSWORD = {"auth.password", "auth.logout", "auth.language", "static", "pwa.manifest",
                                "pwa.service_worker", "pwa.offline", "pwa.outbox", "pwa.sealing_key"}


def _account_key() -> str:
    """Throttle by the account typed, known or not, so the answer never tells which exist."""
    username = normalise_username(request.form.get("username", ""))
    return "acct:" + hashlib.sha256(username.encode("utf-8")).hexdigest()


def _login_failed(response) -> bool:
    return response.status_code != 303


def _throttled(_limit):
    record(Action.LOGIN_THROTTLED, detail="account_or_address")
    db.session.commit()
    form = LoginForm()
    return make_response(render_template("auth/login.html", form=form, throttled=True), 429)


def _begin_session(user: User) -> None:
    session.clear()  # a fresh session at every login: nothing from before it survives
    token = start_session(user, request.remote_addr)
    login_user(user)
    session[SESSION_TOKEN_KEY] = token
    session.permanent = True


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_ADDRESS"], methods=["POST"], key_func=get_remote_address,
               deduct_when=_login_failed, scope="login-address", on_breach=_throttled)
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_ACCOUNT"], methods=["POST"], key_func=_account_key,
               deduct_when=_login_failed, scope="login-account", on_breach=_throttled)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 422 if form.is_submitted() else 200
    user = check_credentials(form.username.data, form.password.data)
    if user is not None and not user.active:
        # The right password for a disabled account: say so, so an officer whose phone holds entries
        # knows they cannot be sent and whom to ask (only someone who knows the password learns it).
        record(Action.LOGIN_FAILED, "user", user.id, detail="disabled")
        db.session.commit()
        return render_template("auth/login.html", form=form, disabled=True), 401
    if user is None:
        target = db.session.scalar(select(User.id).where(User.username == normalise_username(form.username.data)))
        record(Action.LOGIN_FAILED, "user", target, detail=None if target else "unknown_account")
        db.session.commit()
        return render_template("auth/login.html", form=form, failed=True), 401
    _begin_session(user)
    record(Action.LOGIN, "user", user.id, user=user)
    db.session.commit()
    if user.must_change_password:
        return redirect(url_for("auth.password"), 303)
    return redirect(safe_next(request.args.get("next"), url_for("main.home")), 303)


@bp.route("/logout", methods=["POST"])
@signed_in
def logout():
    end_session(find_session(session.get(SESSION_TOKEN_KEY)), "logout")
    record(Action.LOGOUT, "user", current_user.id)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    response = redirect(url_for("auth.login"), 303)
    # Drop cached pages; queued offline work in storage is kept for the next login.
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in
def password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_own_password(current_user, form.current_password.data, form.new_password.data)
        except UserError as error:
            db.session.rollback()
            getattr(form, error.field or "new_password").errors.append(error.message)
        else:
            user = current_user._get_current_object()
            end_all_sessions(user, "password_changed")  # other devices must sign in again
            _begin_session(user)
            db.session.commit()
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("main.home"), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("auth/password.html", form=form), status


@bp.route("/language", methods=["POST"])
@public
def language():
    lang = request.form.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        lang = current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user.is_authenticated:
        current_user.locale = lang
        db.session.commit()
    back = request.referrer or ""
    host_url = request.host_url
    target = back[len(host_url) - 1:] if back.startswith(host_url) else None
    response = redirect(safe_next(target, url_for("main.home")), 303)
    response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


@bp.before_app_request
def require_new_password():
    if (current_user.is_authenticated and current_user.must_change_password
            and request.endpoint not in _ALLOWED_BEFORE_NEW_PASSWORD):
        from webapp.pwa import protocol

        if protocol.mode() in ("live", "replay"):
            # The outbox keeps its entries and asks the officer to sign in, which leads here.
            return protocol.refusal(403, "password", [_("Please choose a new password before you continue.")])
        flash(_("Please choose a new password before you continue."), "info")
        return redirect(url_for("auth.password"))
    return None
