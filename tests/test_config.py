import re
from pathlib import Path

import pytest

from rag.config import ConfigError, Settings


def test_precedence_defaults_toml_env_flags(tmp_path):
    toml = tmp_path / "rag.toml"
    toml.write_text('top_k = 7\nrrf_k = 30\nchunk_tokens = 200\ndata_dir = "/srv/rag"\n')
    s = Settings.load(
        config_file=toml,
        env={"RAG_RRF_K": "10", "RAG_CHUNK_TOKENS": "300"},
        overrides={"chunk_tokens": 250, "top_k": None},
    )
    assert s.top_k == 7  # toml over default; a flag left unset does not count
    assert s.rrf_k == 10  # env over toml
    assert s.chunk_tokens == 250  # flag over env
    assert s.data_dir == Path("/srv/rag")
    assert Settings.load(env={}).top_k == 5


def test_config_file_from_environment_variable(tmp_path):
    toml = tmp_path / "other.toml"
    toml.write_text('retrieval_mode = "dense"\n')
    assert Settings.load(env={"RAG_CONFIG": str(toml)}).retrieval_mode == "dense"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"env": {"RAG_TOP_K": "lots"}}, "invalid setting: top_k"),
        ({"env": {}, "overrides": {"chroma_mode": "cloud"}}, "invalid setting: chroma_mode"),
        ({"env": {}, "overrides": {"chunk_tokens": 4000}}, "invalid setting: chunk_tokens"),
        ({"env": {}, "overrides": {"no_such_setting": 1}}, "invalid setting: no_such_setting"),
    ],
)
def test_bad_settings_are_one_clear_message(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        Settings.load(**kwargs)


def test_bad_toml_is_named(tmp_path):
    bad = tmp_path / "rag.toml"
    bad.write_text("top_k = = 3")
    with pytest.raises(ConfigError, match="not valid TOML"):
        Settings.load(config_file=bad, env={})


def test_every_setting_is_documented_in_the_readme():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for name, _default, description in Settings.field_docs():
        assert description, f"setting {name} has no description"
        assert f"`{name}`" in readme, f"setting {name} is missing from README.md"


@pytest.mark.parametrize(
    ("encoding", "message"),
    [
        ("utf-16", "is saved as UTF-16; TOML must be UTF-8"),  # with its BOM, as Notepad writes it
        ("utf-16-be", "is not UTF-8 text"),  # no BOM: a NUL byte first
        ("utf-32", "is saved as UTF-32"),
        ("cp1252", "is not UTF-8 text (byte 17 cannot be decoded)"),
    ],
)
def test_a_config_file_in_another_encoding_is_named(tmp_path, encoding, message):
    toml = tmp_path / "rag.toml"
    toml.write_bytes('collection = "café"\n'.encode(encoding))
    with pytest.raises(ConfigError, match=re.escape(message)):
        Settings.load(config_file=toml, env={})


def test_a_utf8_config_file_with_a_bom_is_read(tmp_path):
    toml = tmp_path / "rag.toml"
    toml.write_bytes('\ufefftop_k = 9\n'.encode())
    assert Settings.load(config_file=toml, env={}).top_k == 9


def test_a_config_path_that_is_a_folder_is_named(tmp_path):
    with pytest.raises(ConfigError, match="is a folder, not a file"):
        Settings.load(config_file=tmp_path, env={})


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_data_dir_is_refused_not_the_current_folder(tmp_path, value):
    with pytest.raises(ConfigError, match="RAG_DATA_DIR is set but empty"):
        Settings.load(env={"RAG_DATA_DIR": value})
    toml = tmp_path / "rag.toml"
    toml.write_text(f'data_dir = "{value}"\n')
    with pytest.raises(ConfigError, match="data_dir is empty"):
        Settings.load(config_file=toml, env={})
