"""Documentation is generated from the rule registry; these tests fail when it drifts."""

from __future__ import annotations

from ocilint.docs import builtin_rules, rule_page, update_readme
from ocilint.rule import CODE_PATTERN
from tests.conftest import PROJECT_ROOT


def test_every_rule_has_the_required_documentation() -> None:
    for rule in builtin_rules():
        assert rule.missing_sections() == [], rule.code
        assert "Use instead:" in rule.doc, rule.code
        assert rule.summary.endswith("."), rule.code
        assert CODE_PATTERN.match(rule.code)
        if rule.defaults:
            assert "## Options" in rule.doc, rule.code
            for option in rule.defaults:
                assert f"`{option}`" in rule.sections["Options"], (rule.code, option)


def test_readme_rules_table_is_up_to_date() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert update_readme(readme, builtin_rules()) == readme, "run `python -m ocilint.docs`"


def test_rule_pages_are_up_to_date() -> None:
    docs = PROJECT_ROOT / "docs" / "rules"
    rules = builtin_rules()
    assert sorted(p.stem for p in docs.glob("*.md")) == sorted(rule.name for rule in rules)
    for rule in rules:
        assert (docs / f"{rule.name}.md").read_text(encoding="utf-8") == rule_page(rule), (
            "run `python -m ocilint.docs`"
        )


def test_codes_are_unique_and_never_reused() -> None:
    rules = builtin_rules()
    assert len({rule.code for rule in rules}) == len(rules)
    assert len({rule.name for rule in rules}) == len(rules)
