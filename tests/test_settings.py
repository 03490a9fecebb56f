import pytest

from dossier.errors import SettingError
from dossier.settings import SETTINGS, resolve


def test_every_setting_has_help_and_is_documented():
    readme = (__import__("pathlib").Path(__file__).resolve().parents[1] / "docs" / "settings.md").read_text()
    for s in SETTINGS:
        assert s.help.strip(), s.name
        assert f"`{s.name}`" in readme, f"setting {s.name} missing from docs/settings.md"


def test_environment_then_overrides():
    v = resolve({"db": "x.db"}, environ={"DOSSIER_MAX_FILE_BYTES": "10", "DOSSIER_DB": "y.db"})
    assert v["max_file_bytes"] == 10
    assert v["db"] == "x.db"


def test_bad_values_are_explained():
    with pytest.raises(SettingError, match="whole number"):
        resolve({}, environ={"DOSSIER_MAX_FILE_BYTES": "ten"})
    with pytest.raises(SettingError, match="unknown setting"):
        resolve({"nope": 1})


def test_choice_setting_accepts_its_choices_and_off_synonyms():
    from dossier.settings import resolve

    assert resolve({}, environ={})["ner_model"] == "accurate"
    assert resolve({}, environ={"DOSSIER_NER_MODEL": "FAST"})["ner_model"] == "fast"
    assert resolve({}, environ={"DOSSIER_NER_MODEL": "false"})["ner_model"] == "off"
    with pytest.raises(SettingError) as err:
        resolve({}, environ={"DOSSIER_NER_MODEL": "large"})
    assert "accurate, fast, off" in str(err.value)
