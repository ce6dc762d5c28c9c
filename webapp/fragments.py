"""`{% cached key, … %}…{% endcached %}`: a part of a page that is the same for everyone with the same key.

The menu, the connection bar and the home page's tiles hold nothing but translated words and links, and
what a role may do: rendering them on every page cost more than the rest of a short page. Each worker
renders such a part once per (template line, keys, language, mount path) and reuses the text.

A cached part must depend on nothing but its keys, the language and the path the app is mounted at:
no CSRF token, no name, no count, no flashed message. Anything personal stays outside the block.
A key that is None keeps nothing: the part is rendered as usual (`blank_form_key` of a form someone filled in).
With template auto-reload on (development), nothing is kept, so an edited template shows at once.
"""
from __future__ import annotations

from flask import has_request_context, request
from flask_babel import get_locale
from jinja2 import nodes
from jinja2.ext import Extension
from markupsafe import Markup

MAX_FRAGMENTS = 512  # keys are a role and a language: a handful per template line; a bound all the same


class FragmentCache(Extension):
    tags = {"cached"}

    def __init__(self, environment):
        super().__init__(environment)
        environment.extend(sen_fragments={})

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        keys = []
        while parser.stream.current.type != "block_end":
            if keys:
                parser.stream.expect("comma")
            keys.append(parser.parse_expression())
        body = parser.parse_statements(("name:endcached",), drop_needle=True)
        where = nodes.Const(f"{parser.name}:{lineno}")
        return nodes.CallBlock(self.call_method("_render", [where, nodes.List(keys)]), [], [], body).set_lineno(lineno)

    def _render(self, where: str, keys: list, caller) -> Markup:
        env = self.environment
        if env.auto_reload or not has_request_context() or None in keys:
            return Markup(caller())
        key = (where, tuple(keys), str(get_locale()), request.script_root)
        fragments = env.sen_fragments
        text = fragments.get(key)
        if text is None:
            text = Markup(caller())
            if len(fragments) >= MAX_FRAGMENTS:
                fragments.clear()
            fragments[key] = text
        return text
