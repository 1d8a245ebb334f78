"""Own the sign-in and password forms (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from app.curate.i18n import lazy
from index.store.accounts import MAX_PASSWORD, MIN_PASSWORD


class SignInForm(FlaskForm):
    """User name and password."""

    name = StringField(lazy("User name"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(lazy("Password"),
                             validators=[DataRequired(), Length(max=MAX_PASSWORD)])
    next = HiddenField()


class PasswordForm(FlaskForm):
    """A signed-in user changes their own password."""

    current = PasswordField(lazy("Current password"),
                            validators=[DataRequired(), Length(max=MAX_PASSWORD)])
    password = PasswordField(lazy("New password"), validators=[
        DataRequired(), Length(min=MIN_PASSWORD, max=MAX_PASSWORD)])
    repeat = PasswordField(lazy("Repeat the new password"), validators=[
        DataRequired(), EqualTo("password", message=lazy("The two passwords differ."))])
