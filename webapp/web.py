"""Small helpers shared by views: full page or htmx partial, safe redirects, pagination."""
from __future__ import annotations

from urllib.parse import quote as url_quote
from urllib.parse import urlsplit

from flask import current_app, has_request_context, render_template, request
from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import func, select
from werkzeug.routing import IntegerConverter

from webapp.extensions import db


def wants_partial() -> bool:
    """An htmx request for a fragment (not a boosted navigation, not a history restore)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(page_template: str, partial_template: str, status: int = 200, **context):
    """The full page for a normal request, the `_` partial it includes for an htmx request."""
    return render_template(partial_template if wants_partial() else page_template, **context), status


def safe_next(target: str | None, fallback: str) -> str:
    """A same-site path to go to after login, never another site."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    return target


MAX_PAGE = 100_000


class BoundedIntConverter(IntegerConverter):
    """`<int:…>` in every route: ids beyond a 32-bit integer cannot exist, so they are a plain 404, never a 500."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


class _Pagination(SelectPagination):
    """Flask-SQLAlchemy's pages of a select, which may also be a select of columns: its items are then rows."""

    def _query_items(self) -> list:
        stmt, shown = self._query_args["select"], self._query_args.get("shown")
        page = stmt.limit(self.per_page).offset(self._query_offset)
        if shown is not None:
            return list(self._query_args["session"].execute(shown(page)))
        result = self._query_args["session"].execute(page)
        if len(stmt.column_descriptions) == 1:  # one entity (or one column): as Flask-SQLAlchemy gives them
            return list(result.unique().scalars())
        return list(result)


    def _query_count(self) -> int:
        stmt = self._query_args["select"]
        if any(d["entity"] is d["expr"] for d in stmt.column_descriptions):
            return super()._query_count()  # entities: Flask-SQLAlchemy keeps their eager loads out of the count
        counted = select(func.count()).select_from(stmt.order_by(None).subquery())
        return self._query_args["session"].execute(counted).scalar()


def _one_page(stmt, page: int, per_page: int, shown):
    return _Pagination(select=stmt, session=db.session(), page=page, per_page=per_page, error_out=False,
                       count=True, shown=shown)


def paginate(stmt, page: int | None, shown=None):
    """One page of results (entities, or rows for a select of columns); a page number past the end gives the last
    page, never an error.

    With `shown`, `stmt` selects what to count and order (say ids), and `shown(page_of_stmt)` the rows shown.
    """
    per_page = current_app.config["PAGE_SIZE"]
    page = min(max(page or 1, 1), MAX_PAGE)
    result = _one_page(stmt, page, per_page, shown)
    if not result.items and result.pages and (page or 1) > result.pages:
        result = _one_page(stmt, result.pages, per_page, shown)
    return result


def list_filters(form) -> tuple[int, dict]:
    """Check a list's posted filter form: 422 when a filter is invalid, and each filter's value (None when invalid).

    A GET shows the list unfiltered; an invalid filter is dropped, never a 500.
    """
    status = 422 if is_post() and not form.validate() else 200
    return status, {name: (field.data if not field.errors else None) for name, field in form._fields.items()}


def render_list(page_template: str, partial_template: str, stmt, filters: dict, status: int = 200, shown=None,
                **context):
    """A list page (templates/_macros/lists.html): one page of `stmt`, as the full page or its htmx partial."""
    return render(page_template, partial_template, status=status, page=paginate(stmt, filters.get("page"), shown),
                  **context)


def form_data():
    """The submitted form on POST, nothing on GET (so a GET shows the defaults)."""
    return request.form if request.method == "POST" else None


def is_post() -> bool:
    return request.method == "POST"


def attach_error(form, error) -> None:
    """Show a service's UserError on the field it names, or above the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        form.form_errors.append(error.message)


ANCHOR_SAFE = "%!#$&'()*+,/:;=?@"  # as Flask quotes an anchor (flask.app.Flask.url_for)


def cached_url_for(app):
    """`url_for` for templates: a URL without arguments (menu, tiles) is built once per worker, not per page.

    Such a URL depends only on the endpoint and the path the app is mounted at; anything with arguments,
    an anchor or a relative endpoint is built as usual.
    """
    built: dict[tuple[str, str], str] = {}
    url_for = app.url_for

    def template_url_for(endpoint: str, **values) -> str:
        anchor = values.pop("_anchor") if len(values) == 1 and "_anchor" in values else None  # a part of the page
        if values or endpoint.startswith(".") or app.url_default_functions or not has_request_context():
            return url_for(endpoint, **values, **({} if anchor is None else {"_anchor": anchor}))
        key = (endpoint, request.script_root)
        url = built.get(key)
        if url is None:
            url = built[key] = url_for(endpoint)
        return url if anchor is None else f"{url}#{url_quote(anchor, safe=ANCHOR_SAFE)}"

    return template_url_for


def init_app(app) -> None:
    from flask_login import current_user

    from webapp.auth.roles import Permission, has_permission
    from webapp.forms import blank_form_key, client_attributes
    from webapp.fragments import FragmentCache

    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.add_extension(FragmentCache)
    app.jinja_env.globals["client_attributes"] = client_attributes
    app.jinja_env.globals["blank_form_key"] = blank_form_key
    app.jinja_env.globals["can"] = lambda name: current_user.is_authenticated and has_permission(
        current_user.role, Permission(name)
    )
    app.jinja_env.globals["url_for"] = cached_url_for(app)
