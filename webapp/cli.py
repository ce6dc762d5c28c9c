"""Command-line tasks: first-time setup, importing places, demo data, translations, backup and restore."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from flask_babel import gettext as _
from sqlalchemy import select

from webapp.auth.roles import Role
from webapp.config import PROJECT_ROOT
from webapp.extensions import db
from webapp.places.models import AdminUnit, Agency
from webapp.places.services import UnitFileError, ensure_core_agencies, import_units

DEMO_PASSWORD = "sen-thu-nghiem-2026"
# (username, role, full name, commune code, agency code)
DEMO_USERS = [
    ("admin", Role.ADMIN, "Quản trị hệ thống", None, None),
    ("tinh", Role.PROVINCE, "Cán bộ Phòng Bảo trợ xã hội", None, "so-yte-bttxh"),
    ("caolanh", Role.COMMUNE, "Cán bộ phường Cao Lãnh", "29869", None),
    ("thuongphuoc", Role.COMMUNE, "Cán bộ xã Thường Phước", "29971", None),
    ("trungtam", Role.SHELTER, "Cán bộ Trung tâm Bảo trợ xã hội", None, "ttbtxh-dong-thap"),
    ("phunu", Role.VOLUNTEER, "Tình nguyện viên Hội Liên hiệp Phụ nữ", "29869", None),
    ("taphuan", Role.TRAINER, "Cán bộ điều phối tập huấn", None, None),
]
# Units the demo needs, with their official codes, for a database where the national list is not imported yet.
DEMO_UNITS = [
    ("82", "province", "Đồng Tháp", "Tỉnh Đồng Tháp", "Dong Thap", None),
    ("29869", "ward", "Cao Lãnh", "Phường Cao Lãnh", "Cao Lanh", "82"),
    ("29971", "commune", "Thường Phước", "Xã Thường Phước", "Thuong Phuoc", "82"),
]


def init_app(app) -> None:
    app.cli.add_command(setup_command)
    app.cli.add_command(places_group)
    app.cli.add_command(demo_command)
    app.cli.add_command(create_admin_command)
    app.cli.add_command(translate_group)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


@click.command("setup")
@with_appcontext
def setup_command():
    """Create what every installation needs (the province's core agencies). Safe to run again."""
    added = ensure_core_agencies()
    db.session.commit()
    click.echo(_("Core agencies added: %(n)d", n=added))


@click.group("places", cls=AppGroup)
def places_group():
    """Administrative units."""


@places_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def places_import(path):
    """Import or update administrative units from a CSV file (code,type,name,full_name,name_en,parent_code)."""
    try:
        report = import_units(path)
    except UnitFileError as error:
        db.session.rollback()
        click.echo(_("The file was rejected; nothing was changed."), err=True)
        for problem in error.problems[:20]:
            click.echo("  - " + problem, err=True)
        if len(error.problems) > 20:
            click.echo(_("  … and %(n)d more problems", n=len(error.problems) - 20), err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(_("Units read: %(total)d; added: %(added)d; changed: %(changed)d; unchanged: %(same)d",
                 total=report.total, added=len(report.added), changed=len(report.changed), same=report.unchanged))
    if report.changed:
        click.echo(_("Changed codes: %(codes)s", codes=", ".join(report.changed[:50])))


@click.command("demo")
@with_appcontext
def demo_command():
    """Create demo accounts (refused in production)."""
    from webapp.auth.models import User
    from webapp.auth.passwords import hash_password

    if current_app.config["SEN_ENV"] == "production":
        click.echo(_("Demo data is refused in production mode."), err=True)
        sys.exit(1)
    ensure_core_agencies()
    for code, type_, name, full_name, name_en, parent in DEMO_UNITS:
        if db.session.get(AdminUnit, code) is None:
            db.session.add(AdminUnit(code=code, type=type_, name=name, full_name=full_name, name_en=name_en,
                                     parent_code=parent))
            db.session.flush()
    agencies = {a.code: a.id for a in db.session.scalars(select(Agency))}
    password_hash = hash_password(DEMO_PASSWORD)
    created = 0
    for username, role, full_name, commune, agency in DEMO_USERS:
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            db.session.add(User(username=username, role=role.value, full_name=full_name, commune_code=commune,
                                agency_id=agencies.get(agency), password_hash=password_hash))
            created += 1
        elif user.full_name != full_name:
            user.full_name = full_name  # an older demo database takes up the names the glossary gives now
    db.session.commit()
    click.echo(_("Demo accounts created: %(n)d (password: %(p)s)", n=created, p=DEMO_PASSWORD))
    cases = _demo_cases()
    click.echo(_("Demo cases created: %(n)d", n=cases))


# Invented people for demonstrations; any likeness to a real person is accidental.
DEMO_CASES = [
    ("Nguyễn Thị Demo", "female", 1999, "foreign_handover", "dinh_ba", ["scam_compound"], 2),
    ("Trần Văn Thử", "male", 2001, "rescued", None, ["forced_labour"], 6),
    ("Lê Thị Mẫu", "female", 1995, "returned_alone", None, ["forced_marriage"], 40),
]


def _demo_cases() -> int:
    """A few invented cases in Phường Cao Lãnh, so the demo has something to show. Only when there are none."""
    from datetime import timedelta

    from webapp.auth.models import User
    from webapp.cases.models import Case
    from webapp.cases.services import create_case
    from webapp.i18n import local_today

    if db.session.scalar(select(Case.id).limit(1)) is not None:
        return 0
    officer = db.session.scalar(select(User).where(User.username == "caolanh"))
    for name, sex, year, route, gate, purposes, days_ago in DEMO_CASES:
        create_case({"commune_code": "29869", "arrival_route": route, "border_gate": gate,
                     "reception_date": local_today() - timedelta(days=days_ago), "full_name": name, "sex": sex,
                     "birth_year": year, "nationality": "VN", "purposes": purposes, "needs": ["a", "b", "g"],
                     "consent_support": True, "consent_statistics": True, "children": []}, officer, ["29869"])
    db.session.commit()
    return len(DEMO_CASES)


@click.command("create-admin")
@with_appcontext
@click.option("--username", prompt=True)
@click.option("--full-name", prompt=True)
@click.password_option()
def create_admin_command(username, full_name, password):
    """Create an administrator account (first login asks for a new password)."""
    from webapp.errors import UserError
    from webapp.users.services import create_user

    try:
        create_user(username=username, password=password, full_name=full_name, role=Role.ADMIN.value)
    except UserError as error:
        db.session.rollback()
        click.echo(str(error.message), err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(_("Administrator created."))


@click.group("translate", cls=AppGroup)
def translate_group():
    """Extract, update and compile the message catalogues."""


def _pybabel(*args):
    subprocess.run([str(Path(sys.executable).with_name("pybabel")), *args], check=True, cwd=PROJECT_ROOT)


@translate_group.command("update")
def translate_update():
    """Extract strings into messages.pot and merge them into the vi and en catalogues."""
    # Babel skips folders starting with "_" unless told: ours hold templates/_macros and _partials.
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "--ignore-dirs", ".* __pycache__", "--no-location",
             "--sort-output", "-o", "translations/messages.pot", ".")
    _pybabel("update", "-i", "translations/messages.pot", "-d", "translations", "--no-fuzzy-matching", "--ignore-obsolete")
    _fill_source_language(PROJECT_ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po")


def _fill_source_language(path: Path) -> None:
    """English is the source language: its catalogue repeats each message, so it is complete too."""
    from babel.messages.pofile import read_po, write_po

    with path.open(encoding="utf-8") as f:
        catalogue = read_po(f)
    for message in catalogue:
        if message.id and not (all(message.string) if isinstance(message.id, tuple) else message.string):
            message.string = message.id if isinstance(message.id, str) else tuple(message.id)
    with path.open("wb") as f:
        write_po(f, catalogue, width=0, no_location=True)


@translate_group.command("compile")
def translate_compile():
    """Compile the catalogues to .mo files."""
    _pybabel("compile", "-d", "translations")


@click.command("backup")
@with_appcontext
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=Path("backups"))
@click.option("--keep-days", type=click.IntRange(min=1), default=None,
              help="Delete backups in DIRECTORY older than this many days (never the newest).")
def backup_command(directory, keep_days):
    """Write a consistent, timestamped copy of the database while Sen keeps running."""
    from webapp.backup import BackupError, backup, prune

    try:
        path = backup(current_app.config["SQLALCHEMY_DATABASE_URI"], directory)
    except BackupError as error:
        click.echo(_("Backup failed: %(why)s", why=str(error)), err=True)
        sys.exit(1)
    size = f"{path.stat().st_size:,}"
    click.echo(_("Backup written: %(path)s (%(size)s bytes)", path=str(path), size=size))
    if keep_days:
        for old in prune(directory, keep_days):
            click.echo(_("Old backup deleted: %(path)s", path=str(old)))


@click.command("restore")
@with_appcontext
@click.argument("source", type=click.Path(dir_okay=False, exists=True, path_type=Path))
def restore_command(source):
    """Restore a backup into the configured database, which must be new and empty."""
    from webapp.backup import BackupError, restore

    db.engine.dispose()  # this command's own connections must not hold the target
    try:
        result = restore(current_app.config["SQLALCHEMY_DATABASE_URI"], source)
    except BackupError as error:
        click.echo(_("Restore refused: %(why)s", why=str(error)), err=True)
        sys.exit(1)
    for name, count in result.tables.items():
        click.echo(f"{name}: {count}")
    if result.integrity != "ok":
        click.echo(_("Integrity check failed: %(why)s", why=result.integrity), err=True)
        sys.exit(1)
    click.echo(_("Restored; integrity check passed."))
