"""Sign-in and own-password forms."""
from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import EqualTo

from webapp.forms import SenForm, max_length, required


class LoginForm(SenForm):
    username = StringField(_l("Username"), validators=[required(), max_length(60)],
                           render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"})
    password = PasswordField(_l("Password"), validators=[required(), max_length(200)],
                             render_kw={"autocomplete": "current-password"})


class ChangePasswordForm(SenForm):
    current_password = PasswordField(_l("Current password"), validators=[required(), max_length(200)],
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(_l("New password"), validators=[required(), max_length(200)],
                                 render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[required(), EqualTo("new_password", message=_l("The two passwords are not the same."))],
                            render_kw={"autocomplete": "new-password"})
