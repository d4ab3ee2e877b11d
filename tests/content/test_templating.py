"""handoutkit.content.templating: {{ placeholders }} filled in, sandboxed, with located problems."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from handoutkit.content import markup
from handoutkit.content.settings import Brand
from handoutkit.content.templating import Client, context, format_date, render_data
from handoutkit.content.validation import validate
from handoutkit.content.yamlload import load_yaml_file, load_yaml_text

REPO = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def brand() -> Brand:
    return validate(Brand, load_yaml_file(REPO / "layouts" / "brand.yaml", "layouts/brand.yaml"))


def render(text: str, brand: Brand, client: Client | None = None):
    """Render the YAML *text* (dedented); returns (data, problems)."""
    loaded = load_yaml_text(textwrap.dedent(text), "handouts/x.yaml")
    return render_data(loaded, context(brand, DAY, client))


def test_placeholders_are_filled_in(brand):
    data, problems = render("""\
        title: From {{ practice.name }}
        blocks:
          - type: text
            text: |
              {{ therapist.name }}, {{ therapist.credentials }}
              Made on {{ date }} for {{ client.name }}.
          - type: qr
            url: "{{ practice.booking_url }}"
            label: Call {{ practice.phone }}
    """, brand, Client(name="Paul"))
    assert problems == []
    assert data["title"] == f"From {brand.practice.name}"
    assert data["blocks"][0]["text"] == (
        f"{brand.therapist.name}, {brand.therapist.credentials}\n"
        "Made on 25 November 2026 for Paul.\n")
    assert data["blocks"][1]["url"] == brand.practice.booking_url
    assert data["blocks"][1]["label"] == f"Call {brand.practice.phone}"


def test_client_name_is_empty_without_a_client(brand):
    data, problems = render("text: 'Hello {{ client.name }}!'\n", brand)
    assert problems == []
    assert data["text"] == "Hello !"


def test_date_is_written_as_a_person_writes_it(brand):
    assert format_date(dt.date(2026, 3, 5)) == "5 March 2026"
    assert context(brand, DAY)["date"] == "25 November 2026"


def test_fields_that_name_things_are_not_templated(brand):
    data, problems = render("""\
        category: "{{ nope }}"
        blocks:
          - type: image
            file: "{{ nope }}.svg"
            text: "{{ practice.name }}"
    """, brand)
    assert problems == []
    assert data["category"] == "{{ nope }}"
    assert data["blocks"][0]["file"] == "{{ nope }}.svg"
    assert data["blocks"][0]["text"] == brand.practice.name


def test_text_without_braces_is_returned_as_it_is(brand):
    data, problems = render("a: 'Hello % there'\nb: 3\nc: [x, y]\n", brand)
    assert problems == []
    assert data == {"a": "Hello % there", "b": 3, "c": ["x", "y"]}


def test_unknown_placeholder_is_a_problem_on_its_line(brand):
    data, problems = render("""\
        title: ok
        subtitle: Dear {{ client.nme }}
    """, brand)
    [problem] = problems
    assert problem.file == "handouts/x.yaml"
    assert problem.line == 2
    assert problem.message.startswith("unknown placeholder (")
    assert "nme" in problem.message
    assert "client.name" in problem.message  # the list of names to use
    assert data["subtitle"] == "Dear {{ client.nme }}"  # left as it was


def test_unknown_placeholder_on_the_third_line_of_a_block(brand):
    _, problems = render("""\
        title: ok
        blocks:
          - type: text
            text: |
              First line.
              Second line.
              Third line, {{ client.nme }}.
              Fourth line.
    """, brand)
    assert [p.line for p in problems] == [7]
    assert "unknown placeholder" in problems[0].message


def test_unknown_top_level_name(brand):
    _, problems = render("title: x\nsubtitle: '{{ clinic.name }}'\n", brand)
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [(2, "unknown placeholder")]


def test_unknown_placeholder_on_the_third_line_of_a_folded_block(brand):
    _, problems = render("""\
        title: ok
        text: >
          First line.
          Second line.
          Third line, {{ client.nme }}.
    """, brand)
    assert [p.line for p in problems] == [5]


def test_every_placeholder_problem_is_reported(brand):
    _, problems = render("""\
        a: '{{ one }}'
        b:
          - fine
          - '{{ two }}'
        c: '{{ three'
    """, brand)
    assert [p.line for p in problems] == [1, 4, 5]


@pytest.mark.parametrize("bad", ["{{ client..name }}", "{{ client.name }", "{% for %}", "{{ 1 + }}"])
def test_template_syntax_error_is_reported_with_its_line(brand, bad):
    _, problems = render(f"""\
        title: ok
        text: |
          Line one.
          Line two {bad}
          Line three.
    """, brand)
    assert len(problems) == 1
    assert problems[0].line == 4
    assert problems[0].message.startswith("a {{ placeholder }} is written wrongly (")


@pytest.mark.parametrize("attack", [
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ joiner.__init__.__globals__.os }}",
    "{{ \"{0.__class__}\".format(1) }}",
    "{{ namespace.__init__.__globals__ }}",
])
def test_sandbox_refuses_reaching_into_python(brand, attack):
    text = f"title: ok\nsubtitle: |-\n  {attack}\n"
    data, problems = render(text, brand)
    assert len(problems) == 1
    assert problems[0].line == 3
    assert problems[0].message.startswith("this placeholder is not allowed (")
    assert problems[0].message.endswith("{% if client.name %}...{% endif %}")
    assert data["subtitle"] == attack  # the original, not any python object's repr
    assert "class" not in repr(problems[0])


@pytest.mark.parametrize("attack", [
    # both of these run the shell command in an unsandboxed jinja2.Environment
    "{{ cycler.__init__.__globals__.os.system('touch MARKER') }}",
    "{{ self.__init__.__globals__.__builtins__.__import__('os').system('touch MARKER') }}",
])
def test_sandbox_never_runs_code(brand, tmp_path: Path, attack):
    marker = tmp_path / "pwned"
    attack = attack.replace("MARKER", str(marker))
    _, problems = render(f"subtitle: \"{attack}\"\n", brand)
    assert len(problems) == 1
    assert not marker.exists()


def test_runaway_output_is_a_problem(brand):
    data, problems = render("subtitle: \"{{ 'x' * 50000 }}\"\n", brand)
    assert len(problems) == 1
    assert "'mul' is not allowed" in problems[0].message
    assert data["subtitle"] == "{{ 'x' * 50000 }}"


def test_huge_range_is_a_problem_not_a_hang(brand):
    _, problems = render("subtitle: '{{ range(10**9)|list|length }}'\n", brand)
    assert len(problems) == 1


RUN_LOOP = """
import sys
sys.path.insert(0, sys.argv[1])
from handoutkit.content.templating import render_data
from handoutkit.content.yamlload import load_yaml_text
text = "t: '{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}'"
data, problems = render_data(load_yaml_text(text, "x.yaml"), {})
print(len(problems))
"""


def test_busy_loop_in_a_template_does_not_hang_the_build():
    try:
        done = subprocess.run([sys.executable, "-c", RUN_LOOP, str(REPO)], capture_output=True,
                              text=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("rendering a nested loop did not stop (2 minutes)")
    assert done.returncode == 0 and done.stdout.strip() == "1"


# -- client data is data, never markup or template -------------------------------------------

NASTY = "{{ 7*7 }} **bold** <b>x</b> & Co *it*"


def test_client_name_comes_out_literally(brand):
    data, problems = render("""\
        title: For {{ client.name }}
        blocks:
          - type: text
            text: Hello {{ client.name }}, this is **ours**.
    """, brand, Client(name=NASTY))
    assert problems == []
    out = markup.to_markup(data["blocks"][0]["text"])
    assert "{{ 7*7 }}" in out and "49" not in out
    assert "**bold**" in out
    assert "*it*" in out and "<i>" not in out
    assert "&lt;b&gt;x&lt;/b&gt;" in out
    assert "<b>x" not in out
    assert "&amp; Co" in out
    assert "<b>ours</b>" in out  # the handout's own emphasis still works
    assert markup.to_markup(data["title"], widow=False) == (
        "For {{ 7*7 }} **bold** &lt;b&gt;x&lt;/b&gt; &amp; Co *it*")
    assert markup.plain(data["title"]) == "For " + NASTY


def test_client_note_is_literal_too(brand):
    data, problems = render("text: '{{ client.note }}'\n", brand,
                            Client(note="{% raw %}*a* {{ x }}"))
    assert problems == []
    assert markup.to_markup(data["text"], widow=False) == "{% raw %}*a* {{ x }}"


PLAIN_CASES = ["{{ therapist.name }}", "Hi {{client.name}}!", "{{ client.note }} after", "{{date}}",
               "{ braces } {{ practice.phone }} }}", "{{ practice.items }}", "{{ therapist }}",
               "{{ nope.x }}", "{{ therapist.missing }}", "{{ client.name|upper }}",
               "{% if client.name %}yes{% endif %}", "{# a comment #}", "{{ therapist.name }}{{",
               "{{ therapist.name }} and {{ practice.name }}\n", "{{{ therapist.name }}",
               "{{{{ therapist.name }}}}", "{{- therapist.name }}", "{{ therapist.name }}}"]


@pytest.mark.parametrize("text", PLAIN_CASES)
def test_a_plain_placeholder_is_filled_in_as_jinja_fills_it(text: str, brand: Brand) -> None:
    # plain ones ({{ therapist.name }}) are filled in without loading jinja2 at all
    from handoutkit.content import templating

    ctx = context(brand, DAY, Client("Paul *Rivera*", None))

    def outcome(render_it):  # type: ignore[no-untyped-def]
        try:
            return "ok", render_it()
        except Exception as exc:
            return "error", type(exc).__name__

    def by_jinja() -> str:
        templating._check_allowed(templating._env().parse(text))
        return templating._env().from_string(text).render(ctx)

    assert outcome(lambda: templating.render_string(text, ctx)) == outcome(by_jinja)


def test_a_build_with_plain_placeholders_never_loads_jinja(tmp_path: Path) -> None:
    script = ("import sys; from pathlib import Path; from handoutkit.content.project import "
              "load_project; load_project(Path(sys.argv[1])); print('jinja2' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script, str(REPO)], capture_output=True,
                          text=True, check=True)
    assert done.stdout.splitlines()[-1] == "False"
