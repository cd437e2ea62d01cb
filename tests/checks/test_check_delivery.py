"""The checks the delivery issue added: schedules, promises, leaks, quiz balance."""
from curriculum.checks import leaks, promises, quiz_balance, schedule
from helpers import edit, run


def test_clean(mini):
    for check in (schedule.check, promises.check, leaks.check, quiz_balance.check):
        assert run(mini, check) == []


def test_a_day_whose_lunch_falls_outside_it(mini):
    edit(mini, "audiences/law-enforcement.yaml", 'lunch_latest: "09:45"', 'lunch_latest: "11:45"')
    found = run(mini, schedule.check)
    assert any("audiences/law-enforcement.yaml:" in f and "cannot be kept" in f for f in found), found


def test_a_time_that_is_not_a_time(mini):
    edit(mini, "audiences/law-enforcement.yaml", 'start: "09:00"', 'start: "9 o\'clock"')
    assert any("cannot be kept" in f for f in run(mini, schedule.check))


def test_working_notes_in_printed_fields(mini):
    edit(mini, "sources/sources.yaml", "title: ", "title: S06 notes, ")
    found = run(mini, leaks.check)
    assert any("a reference number of a working list ('S06')" in f for f in found), found


def test_a_title_that_repeats_its_author(mini):
    text = (mini / "sources" / "sources.yaml").read_text()
    author = next(line.split(":", 1)[1].strip() for line in text.splitlines()
                  if line.strip().startswith("author:"))
    edit(mini, "sources/sources.yaml", "title: A test document", f'title: "{author}: A test"')
    assert any("repeats the author" in f for f in run(mini, leaks.check))


def test_a_date_that_is_not_a_date(mini):
    text = (mini / "sources" / "sources.yaml").read_text()
    date = next(line.split(":", 1)[1].strip() for line in text.splitlines()
                if line.strip().startswith("date:"))
    edit(mini, "sources/sources.yaml", f"date: {date}", 'date: "undated; c. 2017 (same counts)"')
    assert any("is not a date" in f for f in run(mini, leaks.check))


def test_a_broken_promise(mini):
    edit(mini, "audiences/parents.yaml", "focus: More time where more exists.}",
         "focus: More time where more exists., keeps: [intro/for-police, intro/helpline]}")
    found = run(mini, promises.check)
    assert any("intro/for-police" in f and "not written for parents" in f for f in found), found
    assert any("intro/helpline" in f and "Testland B" in f for f in found), found  # no number


def test_a_kept_promise(mini):
    edit(mini, "audiences/parents.yaml", "focus: More time where more exists.}",
         "focus: More time where more exists., keeps: [intro/start]}")
    assert run(mini, promises.check) == []


def test_quiz_answers_in_one_position_are_found(mini):
    template = (mini / "modules" / "intro.yaml").read_text()
    quiz = ("quiz:\n" + "".join(
        f"  - id: q{i}\n    question: Question {i}?\n    answers: [Right, Wrong one, Wrong two]\n"
        f"    correct: 1\n    explanation: Because.\n" for i in range(14)))
    (mini / "modules" / "intro.yaml").write_text(template.split("quiz:")[0] + quiz)
    found = run(mini, quiz_balance.check)
    assert any("option 1 in 14 of 14" in f for f in found), found


def test_the_pack_template_is_compiled_by_validate(mini):
    from curriculum.checks import interface
    page = mini / "templates" / "pack.html.j2"
    page.write_text(page.read_text().replace("<main>", "<main>{% if %}", 1))
    found = run(mini, interface.check)
    assert any("templates/pack.html.j2:" in f and "template syntax error" in f for f in found)


def test_interface_placeholders_are_those_the_code_passes(mini):
    from curriculum.checks import interface
    po = mini / "locales" / "fr" / "modules.po"
    po.write_text(po.read_text() + '\nmsgid "{minutes} min"\nmsgstr "{zz} {minutes.__class__} min"\n')
    found = run(mini, interface.check)
    assert any("'{zz}' is not a placeholder of this text" in f for f in found), found
    assert any("'{minutes.__class__}' is not a plain placeholder" in f for f in found), found


def test_an_interface_format_spec_is_refused(mini):
    """`{minutes:>1000000}` would print a 30 MB page: a placeholder is plain or refused."""
    from curriculum.checks import interface
    po = mini / "locales" / "fr" / "modules.po"
    po.write_text(po.read_text() + '\nmsgid "{minutes} min"\nmsgstr "{minutes:>1000000} min"\n')
    found = run(mini, interface.check)
    assert any("locales/fr/modules.po:" in f and "'{minutes:>1000000}' is not a plain "
               "placeholder" in f for f in found), found


def test_a_missing_pack_template_is_found_by_validate(mini):
    from curriculum.checks import interface
    (mini / "templates" / "pack.html.j2").unlink()
    found = run(mini, interface.check)
    assert any("templates/pack.html.j2:1:1: the pack template is missing" in f
               for f in found), found
