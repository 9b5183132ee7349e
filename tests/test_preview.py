"""What make serve keeps between rebuilds (annals.preview); serving itself is tested in tests/test_serve.py."""

from __future__ import annotations

import jinja2

from annals.preview import TemplateCache


class CountingEnvironment(jinja2.Environment):
    """A Jinja environment that counts the templates it compiles from source."""

    compiled = 0

    def compile(self, *args, **kwargs):
        CountingEnvironment.compiled += 1
        return super().compile(*args, **kwargs)


def test_a_new_environment_each_build_compiles_a_template_only_when_its_source_changed(tmp_path):
    (tmp_path / "page.html").write_text("<p>{{ title }}</p>", encoding="utf-8")
    cache = TemplateCache()

    def rendered() -> str:  # as MkDocs does on every build: a new environment
        environment = CountingEnvironment(loader=jinja2.FileSystemLoader(tmp_path), bytecode_cache=cache)
        return environment.get_template("page.html").render(title="Talks")

    CountingEnvironment.compiled = 0
    assert rendered() == "<p>Talks</p>" and CountingEnvironment.compiled == 1
    assert rendered() == "<p>Talks</p>" and CountingEnvironment.compiled == 1, "compiled again though unchanged"
    (tmp_path / "page.html").write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    assert rendered() == "<h1>Talks</h1>" and CountingEnvironment.compiled == 2
