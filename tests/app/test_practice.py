"""The practice's details: a save that changes only the lines it must, refusals field by
field with their lines, colours checked for contrast, placeholders found by list and by
fictional value, and the next handout printing the new details; the command line's warning."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from pypdf import PdfReader

from handoutkit.app.practice import PracticeEdit, read_practice, save_practice
from handoutkit.app.practicecheck import TEXT_PAIRS, colour_problems
from handoutkit.authoring.advice import WHITE, contrast
from handoutkit.content.placeholders import fictional
from handoutkit.errors import ContentError
from tests import support

REPO = Path(__file__).resolve().parents[2]
PHONE = "(816) 531-2368"


@pytest.fixture
def root(make_project) -> Path:  # type: ignore[no-untyped-def]
    make_project.write("psoas", support.handout_yaml('"Psoas"', 1))
    return make_project.root


def brand_text(root: Path) -> str:
    return (root / "layouts" / "brand.yaml").read_text(encoding="utf-8")


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_a_save_changes_only_the_lines_it_must(root: Path) -> None:
    before = brand_text(root)
    found = read_practice(root)
    assert found["placeholders"][:4] == ["phone", "email", "website", "booking_url"]
    saved = save_practice(root, PracticeEdit(found["version"], {
        "practice": {"phone": PHONE, "name": "Massage Aha!"},  # the name as it was: untouched
        "languages": {"es": {"tagline": "Masaje en Kansas City"}},
        "colours": {"primary": "#1F5F66"}}))
    after = brand_text(root)
    assert changed_lines(before, after) == [
        "-  phone: (816) 555-0142", f"+  phone: {PHONE}",
        "-placeholders: [phone, email, website, booking_url]",
        "+placeholders: [email, website, booking_url]",
        "-    tagline: Masaje terapéutico profesional en Kansas City, MO",
        "+    tagline: Masaje en Kansas City"]
    assert "# deep teal: bands, headings" in after and "# Outgoing mail" in after
    assert "phone" not in saved.placeholders and "email" in saved.placeholders
    assert saved.version == read_practice(root)["version"] != found["version"]


def test_a_stale_version_is_refused_and_the_file_stays(root: Path) -> None:
    version = read_practice(root)["version"]
    path = root / "layouts" / "brand.yaml"
    path.write_text(brand_text(root) + "# changed in another program\n", encoding="utf-8")
    before = path.read_bytes()
    saved = save_practice(root, PracticeEdit(version, {"practice": {"phone": PHONE}}))
    assert saved.stale and path.read_bytes() == before


def test_each_wrong_field_is_one_problem_at_its_line(root: Path) -> None:
    before = brand_text(root)
    lines = before.splitlines()
    with pytest.raises(ContentError) as caught:
        save_practice(root, PracticeEdit(read_practice(root)["version"], {
            "practice": {"phone": "call me", "email": "hello at home", "website": "http://x.com",
                         "booking_url": "javascript:alert(1)", "name": ""}}))
    found = {p.message.split(":")[0]: p for p in caught.value.problems}
    assert sorted(found) == ["practice.booking_url", "practice.email",
                             "practice.name cannot be empty; fill it in", "practice.phone",
                             "practice.website"]
    assert lines[found["practice.phone"].line - 1].strip().startswith("phone:")
    assert lines[found["practice.website"].line - 1].strip().startswith("website:")
    assert all(p.file == "layouts/brand.yaml" for p in found.values())
    assert "https://" in found["practice.website"].message
    assert brand_text(root) == before


@pytest.mark.parametrize("value", ["816-531-2368", "+1 816 531 2368", "(816) 531-2368 ext. 4",
                                   "+44 20 7946 0018"])
def test_real_phone_numbers_and_links_are_taken(root: Path, value: str) -> None:
    save_practice(root, PracticeEdit(read_practice(root)["version"], {
        "practice": {"phone": value, "website": "massage-aha.test",
                     "booking_url": "https://massage-aha.test/book?x=1"}}))
    assert read_practice(root)["practice"]["phone"] == value


def test_a_faint_colour_is_refused_with_its_ratio_and_a_passing_colour(root: Path) -> None:
    version = read_practice(root)["version"]
    with pytest.raises(ContentError) as caught:
        save_practice(root, PracticeEdit(version, {"colours": {"primary": "#88BBCC"}}))
    (problem,) = caught.value.problems
    assert problem.message.startswith("colours.primary: #88BBCC on #FFFFFF")
    assert "2.09:1" in problem.message and "4.5:1" in problem.message
    fix = problem.message.rsplit(" ", 1)[1]
    colours = {**read_practice(root)["colours"], "primary": fix, "white": WHITE}
    for fg, bg, _ in TEXT_PAIRS:  # the suggestion passes everywhere primary is printed
        if "primary" in (fg, bg):
            assert contrast(colours[fg], colours[bg]) >= 4.5, (fg, bg)
    assert brand_text(root).count("#1F5F66") == 1  # unchanged
    save_practice(root, PracticeEdit(version, {"colours": {"primary": fix}}))
    assert read_practice(root)["colours"]["primary"] == fix


def test_a_dark_tint_blames_the_tint_and_suggests_a_lighter_one() -> None:
    colours = {"primary": "#1F5F66", "accent": "#A94236", "text": "#26343A", "muted": "#5B6B70",
               "tint": "#7F9A9C", "caution": "#FFF4DC", "doctor": "#FBE3DD"}
    found = colour_problems(colours, {"tint"})
    assert list(found) == ["tint"]
    fix = found["tint"].rsplit(" ", 1)[1]
    assert contrast(colours["text"], fix) >= 4.5 and contrast(colours["primary"], fix) >= 4.5


def test_header_band_is_measured_against_its_white_text() -> None:
    colours = {"primary": "#1F5F66", "accent": "#A94236", "text": "#26343A", "muted": "#5B6B70",
               "tint": "#E6F0F1", "caution": "#FFF4DC", "doctor": "#FBE3DD"}
    assert colour_problems(colours, set()) == {}
    found = colour_problems({**colours, "primary": "#3E9AA4"}, {"primary"})
    assert "primary" in found and found["primary"].startswith("colours.primary: ")


def test_fictional_values_are_placeholders_listed_or_not(root: Path) -> None:
    assert fictional("(816) 555-0142") and fictional("816.555.0199") and fictional("a@example.org")
    assert not fictional("(816) 555-2368") and not fictional("myexample.com")
    path = root / "layouts" / "brand.yaml"
    path.write_text(brand_text(root).replace("placeholders: [phone, email, website, booking_url]",
                                             "placeholders: []"), encoding="utf-8")
    found = read_practice(root)["placeholders"]
    assert found == ["phone", "email", "website", "booking_url", "smtp.host", "smtp.user",
                     "smtp.from_address"]
    # a listed field stays one until it is filled in, even with a real-looking value
    support.without_placeholders(root)
    path.write_text(brand_text(root).replace("placeholders: []", "placeholders: [phone]"),
                    encoding="utf-8")
    assert read_practice(root)["placeholders"] == ["phone"]
    saved = save_practice(root, PracticeEdit(read_practice(root)["version"],
                                             {"practice": {"phone": PHONE}}))
    assert saved.placeholders == [] and "placeholders: []" in brand_text(root)


def test_the_next_build_prints_the_new_details(root: Path) -> None:
    first = support.build(root, slugs=["psoas"]).handouts[0].path
    assert "555-0142" in PdfReader(first).pages[0].extract_text()
    save_practice(root, PracticeEdit(read_practice(root)["version"],
                                     {"practice": {"phone": PHONE}}))
    again = support.build(root, slugs=["psoas"]).handouts[0].path
    text = PdfReader(again).pages[0].extract_text()
    assert PHONE in text and "555-0142" not in text


def test_build_warns_on_stderr_naming_the_placeholders(run_cli, make_project) -> None:  # type: ignore[no-untyped-def]
    make_project.write("psoas", support.handout_yaml('"Psoas"', 1))
    code, out, err = run_cli("build", "psoas")
    assert code == 0 and "built " in out
    (line,) = err.splitlines()
    assert line.startswith("warning: the practice's phone, email address, website, booking link")
    assert "Practice view" in line
    support.without_placeholders(make_project.root)
    code, _, err = run_cli("build", "psoas")
    assert code == 0 and err == ""


@pytest.mark.parametrize("command", [("booklet",), ("email", "psoas", "--to", "paul@massage-aha.test",
                                                    "--for", "Paul", "--draft", "{root}/d.eml")])
def test_booklet_and_email_warn_too(run_cli, make_project, command: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    make_project.write("psoas", support.handout_yaml('"Psoas"', 1))
    code, _, err = run_cli(*[c.format(root=make_project.root) for c in command])
    assert code == 0, err
    (line,) = err.splitlines()
    assert line.startswith("warning: the practice's phone")


def test_sending_is_refused_while_the_email_is_a_placeholder(run_cli, make_project) -> None:  # type: ignore[no-untyped-def]
    make_project.write("psoas", support.handout_yaml('"Psoas"', 1))
    code, out, err = run_cli("email", "psoas", "--to", "paul@massage-aha.test", "--for", "Paul",
                             "--send")
    assert code == 1 and out == ""
    assert err.startswith("sending is refused while the practice's email address, mail server, "
                          "mail user name, mail from-address are placeholders: fill them in")
    assert not (make_project.root / "out").exists()  # refused before anything was built



def test_sending_back_every_field_unchanged_changes_nothing(root: Path) -> None:
    path = root / "layouts" / "brand.yaml"
    path.write_text(brand_text(root).replace('"#1F5F66"', '"#1f5f66"'), encoding="utf-8")
    before = path.read_bytes()
    found = read_practice(root)
    fields = {k: found[k] for k in ("practice", "therapist", "disclaimer", "languages")}
    fields["colours"] = {k: v.upper() for k, v in found["colours"].items()}  # as a colour picker sends
    saved = save_practice(root, PracticeEdit(found["version"], fields))
    assert path.read_bytes() == before and saved.version == found["version"]
