"""Configuration validation: every problem names its key."""
from __future__ import annotations

from decimal import Decimal

import pytest
from test_reporters_support import fake_rules  # noqa: F401

from jxcheck import config_file as cf
from rules.config import ConfigError


@pytest.mark.usefixtures("fake_rules")
class TestValidate:
    def ok(self, data):
        return cf.validate(data, source="jxcheck.toml")

    def bad(self, data, key):
        with pytest.raises(ConfigError) as e:
            self.ok(data)
        assert key in str(e.value), str(e.value)
        return str(e.value)

    def test_full_config(self):
        fc = self.ok({"select": ["ratio-mismatch", "fake-sum"], "ignore": "JX903", "fail-on": "info",
                      "severity": {"JX901": "info", "fake-sum": "error"},
                      "rules": {"fake-ratio": {"tolerance": "0.01", "denominators": ["预算数"], "strict": True},
                                "JX902": {"factor": 3, "max_rows": 10}}})
        c = fc.config
        assert c.select == ("ratio-mismatch", "fake-sum") and c.ignore == ("JX903",)
        assert c.severity == {"JX901": "info", "JX902": "error"} and fc.fail_on == "info"
        assert c.options["JX901"] == {"tolerance": Decimal("0.01"), "denominators": ["预算数"], "strict": True}
        assert c.options["JX902"] == {"factor": 3.0, "max_rows": 10}

    def test_decimal_from_float_keeps_its_printed_value(self):
        c = self.ok({"rules": {"JX901": {"tolerance": 0.1}}}).config
        assert c.options["JX901"]["tolerance"] == Decimal("0.1")

    def test_unknown_top_key(self):
        self.bad({"selct": []}, "jxcheck.toml：selct")

    def test_unknown_selector(self):
        self.bad({"select": ["JX999"]}, "select")
        self.bad({"ignore": ["not-a-category"]}, "ignore")

    def test_bad_severity(self):
        self.bad({"severity": {"JX901": "fatal"}}, "severity.JX901")
        self.bad({"severity": {"JX999": "error"}}, "severity.JX999")

    def test_bad_fail_on(self):
        self.bad({"fail-on": "sometimes"}, "fail-on")

    def test_unknown_rule_or_option(self):
        self.bad({"rules": {"JX999": {}}}, "rules.JX999")
        msg = self.bad({"rules": {"JX901": {"tolerence": 1}}}, "rules.JX901.tolerence")
        assert "tolerance" in msg  # lists the options that exist

    @pytest.mark.parametrize("opt,value", [
        ("tolerance", "about 1%"), ("tolerance", True), ("tolerance", [1]), ("tolerance", "nan"),
        ("strict", "yes"), ("denominators", "预算数"), ("denominators", [1, 2]),
    ])
    def test_bad_values_name_the_key(self, opt, value):
        self.bad({"rules": {"JX901": {opt: value}}}, f"rules.JX901.{opt}")

    @pytest.mark.parametrize("value", [1.5, True, "3"])
    def test_int_option_wants_an_int(self, value):
        self.bad({"rules": {"JX902": {"max_rows": value}}}, "rules.JX902.max_rows")


def test_find_prefers_jxcheck_toml_and_skips_pyproject_without_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    sub = tmp_path / "a"
    sub.mkdir()
    assert cf.find(str(sub)) is None or cf.find(str(sub))[0] != str(tmp_path / "pyproject.toml")
    (tmp_path / "pyproject.toml").write_text('[tool.jxcheck]\nselect = []\n', encoding="utf-8")
    assert cf.find(str(sub)) == (str(tmp_path / "pyproject.toml"), True)
    (sub / "jxcheck.toml").write_text("", encoding="utf-8")
    assert cf.find(str(sub)) == (str(sub / "jxcheck.toml"), False)


def test_toml_syntax_error_names_the_file(tmp_path):
    p = tmp_path / "jxcheck.toml"
    p.write_text("select = [", encoding="utf-8")
    with pytest.raises(ConfigError, match="jxcheck.toml"):
        cf.load(str(p))
